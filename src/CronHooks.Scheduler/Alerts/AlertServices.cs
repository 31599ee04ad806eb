using CronHooks.Scheduler.Common;

namespace CronHooks.Scheduler.Alerts;

/// <summary>Failure alerts: queued by the delivery engine as it records outcomes, sent by this worker.</summary>
internal static class AlertServices
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>()
            .BindConfiguration(AlertOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSchedulerNode();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<AlertQueueSql>();
        services.AddSingleton<AlertSender>();
        services.AddHostedService<AlertWorker>();
        return services;
    }
}
