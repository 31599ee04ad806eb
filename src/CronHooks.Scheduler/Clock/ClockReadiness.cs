using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Set after the node's first pass over the outbox: a reconciliation (its own, or another node's it waited for) and
/// at most <see cref="SchedulerOptions.OutboxReconcileThreshold"/> rows replayed, so the time to ready is bounded by the
/// number of schedule keys, not by the length of the outbox.
/// </summary>
internal sealed class ClockReadiness
{
    private volatile bool synced;

    public bool Synced => synced;

    public void MarkSynced() => synced = true;
}

/// <summary>
/// Ready when Quartz is running, this node is checked in to the cluster (its row in the scheduler state
/// table is fresh, so the other nodes count it and will take over its work if it stops), and its triggers
/// have caught up with the webhooks.
/// </summary>
internal sealed class ClockHealthCheck(
    ISchedulerFactory schedulers, ClockReadiness readiness, NpgsqlDataSource dataSource, IOptions<SchedulerOptions> options, TimeProvider clock) : IHealthCheck
{
    // Quartz stores check-in instants as .NET ticks (UTC).
    private const string CheckinSql = $"SELECT last_checkin_time FROM {Infrastructure.Persistence.QuartzSchema.TablePrefix}scheduler_state WHERE sched_name = @name AND instance_name = @instance";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy($"The Quartz scheduler is {scheduler.Status}.");

        long? lastCheckin;
        try
        {
            await using var command = dataSource.CreateCommand(CheckinSql);
            command.Parameters.AddWithValue("name", scheduler.SchedulerName);
            command.Parameters.AddWithValue("instance", scheduler.SchedulerInstanceId);
            lastCheckin = await command.ExecuteScalarAsync(cancellationToken) as long?;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The cluster state could not be read.");
        }
        // As late as the other nodes tolerate before they declare this one failed and recover its work.
        var settings = options.Value;
        var oldestAccepted = clock.GetUtcNow() - settings.CheckinInterval - settings.CheckinMisfireThreshold;
        if (lastCheckin is not { } ticks || ticks < oldestAccepted.UtcTicks)
            return HealthCheckResult.Unhealthy($"Scheduler instance {scheduler.SchedulerInstanceId} has not checked in to the cluster recently.");

        return readiness.Synced
            ? HealthCheckResult.Healthy($"Scheduler instance {scheduler.SchedulerInstanceId}.")
            : HealthCheckResult.Unhealthy("Schedules have not been synchronised yet.");
    }
}
