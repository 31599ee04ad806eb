using System.ComponentModel.DataAnnotations;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Delivery engine settings (section <c>Delivery</c>; e.g. <c>Delivery__MaxConcurrency=64</c>). Time spans
/// use the <c>hh:mm:ss</c> form so tests can shorten them through environment variables. The section's
/// <c>NodeId</c> and <c>MaxDatabaseBackoff</c> belong to every worker of the node: <see cref="Common.NodeOptions"/>.
/// </summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>Attempts this node sends at the same time.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// Attempts of one owner running at the same time across the whole cluster. Below
    /// <see cref="MaxConcurrency"/>, one tenant's slow receivers always leave slots for everyone else.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxInFlightPerOwner { get; set; } = 8;

    /// <summary>
    /// Attempts claimed beyond the free slots and held, leased, until a slot frees: a finished attempt's slot is
    /// refilled without a round trip to the database. Default: half of <see cref="MaxConcurrency"/>; 0: none.
    /// </summary>
    [Range(0, 10_000)]
    public int? Prefetch { get; set; }

    /// <summary><see cref="Prefetch"/> as it applies.</summary>
    public int PrefetchOrDefault => Prefetch ?? MaxConcurrency / 2;

    /// <summary>How much longer than the webhook's timeout a claim is held before another node may take it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After SIGTERM, how long in-flight attempts may finish before their leases are released.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A safety net, not the way work is found (that is NOTIFY and the next due time): how long the node
    /// sleeps at most between looks at the queue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// This node vacuums the queue table after this many attempts left it (autovacuum wakes up about once a minute: in a
    /// backlog every claim re-read the index entries of rows claimed since); at most a tenth of the time. 0: autovacuum only.
    /// </summary>
    [Range(0, 10_000_000)]
    public int QueueVacuumRows { get; set; } = 5_000;

    /// <summary>
    /// Finished attempts are kept this many days (fractions allowed), counted from their occurrence: a partition
    /// is dropped once all of it is older, so an attempt stays at most one partition width longer.
    /// </summary>
    [Range(0.0001, 36_500)]
    public double RetentionDays { get; set; } = 30;

    /// <summary><see cref="RetentionDays"/> as a span.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    /// <summary>How often partition upkeep and retention run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per round from the history's default partition (stragglers outside every partition).</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 1_000;

    /// <summary>The time range of one history partition (a day; shorter only to exercise retention).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HistoryPartitionWidth { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many partitions exist ahead of now.</summary>
    [Range(2, 366)]
    public int HistoryPartitionsAhead { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxInFlightPerOwner > MaxConcurrency + PrefetchOrDefault)
            yield return new ValidationResult("Delivery:MaxInFlightPerOwner cannot exceed Delivery:MaxConcurrency plus Delivery:Prefetch.", [nameof(MaxInFlightPerOwner)]);
        if (RetentionInterval * 2 > HistoryPartitionWidth * HistoryPartitionsAhead)
            yield return new ValidationResult(
                "Delivery:RetentionInterval must be at most half of Delivery:HistoryPartitionWidth × Delivery:HistoryPartitionsAhead, or partitions run out.",
                [nameof(RetentionInterval)]);
    }
}
