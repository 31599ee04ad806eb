namespace CronHooks.Scheduler.Clock;

/// <summary>The clock: clustered Quartz decides when each schedule's occurrence is due and enqueues it.</summary>
internal static class ClockServices
{
    public static IServiceCollection AddClock(this IServiceCollection services, IConfiguration configuration) => services;
}
