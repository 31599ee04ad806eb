namespace CronHooks.Application.Common.Ports;

/// <summary>The cluster's state as the database holds it: the same reads as the /metrics gauges.</summary>
public interface IClusterStatusReader
{
    Task<ClusterStatus> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <c>nodes</c>: every scheduler node that has checked in to the Quartz cluster, live or not; <c>queueDepth</c>: attempts
/// due and not yet claimed (cronhooks_queue_due_attempts); <c>oldestDueAgeSeconds</c>: how long the oldest of them has
/// waited (cronhooks_queue_oldest_due_age_seconds); <c>outboxLagSeconds</c>: age of the oldest schedule change not yet
/// applied (cronhooks_outbox_lag_seconds); <c>misfiredTriggers</c>: Quartz triggers now past their fire time by more
/// than the misfire threshold (each node also counts misfires in cronhooks_quartz_misfires_total);
/// <c>historyPartitions</c>: the history's partitions, oldest first: retention drops them whole, so the oldest shows what is kept.
/// </summary>
public sealed record ClusterStatus(
    DateTimeOffset ReadAt,
    IReadOnlyList<ClusterNode> Nodes,
    long QueueDepth,
    double OldestDueAgeSeconds,
    long RunningAttempts,
    double OutboxLagSeconds,
    long MisfiredTriggers,
    IReadOnlyList<HistoryPartition> HistoryPartitions,
    long AuditEntries);

/// <summary>A scheduler node; <c>live</c>: checked in within two check-in intervals (cronhooks_scheduler_nodes_live counts these).</summary>
public sealed record ClusterNode(string Name, DateTimeOffset LastCheckinAt, int CheckinIntervalMs, bool Live);

public sealed record HistoryPartition(string Name, DateTimeOffset? From, DateTimeOffset? To);
