using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CronHooks.Scheduler.Common;

/// <summary>What the delivery and alert workers share; registered by whichever of them comes first.</summary>
internal static class NodeServices
{
    public static IServiceCollection AddSchedulerNode(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(SchedulerNode)))
            return services;
        services.AddOptions<NodeOptions>()
            .BindConfiguration(NodeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SchedulerNode>();
        services.TryAddSingleton<WorkerLoop>();
        return services;
    }
}
