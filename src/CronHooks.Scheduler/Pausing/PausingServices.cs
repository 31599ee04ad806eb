namespace CronHooks.Scheduler.Pausing;

/// <summary>The pause sweep (the runner's skip-next and the outcome path's pause-on-failure come with the delivery engine).</summary>
internal static class PausingServices
{
    public static IServiceCollection AddPausing(this IServiceCollection services)
    {
        services.AddOptions<PauseSweepOptions>().BindConfiguration(PauseSweepOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PausedWebhooks>();
        services.AddHostedService<PauseSweep>();
        return services;
    }
}
