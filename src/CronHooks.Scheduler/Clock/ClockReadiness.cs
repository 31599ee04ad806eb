using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>Set once the node has applied the outbox and reconciled at least once since it started.</summary>
internal sealed class ClockReadiness
{
    private volatile bool synced;

    public bool Synced => synced;

    public void MarkSynced() => synced = true;
}

/// <summary>Ready when Quartz is running and this node's triggers have caught up with the webhooks.</summary>
internal sealed class ClockHealthCheck(ISchedulerFactory schedulers, ClockReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy($"The Quartz scheduler is {scheduler.Status}.");
        return readiness.Synced
            ? HealthCheckResult.Healthy($"Scheduler instance {scheduler.SchedulerInstanceId}.")
            : HealthCheckResult.Unhealthy("Schedules have not been synchronised yet.");
    }
}
