using System.ComponentModel.DataAnnotations;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// Alert sending settings (section <c>Alerts</c>; e.g. <c>Alerts__MaxAttempts=12</c>). Time spans use the
/// <c>hh:mm:ss</c> form so tests can shorten them through environment variables.
/// </summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "Alerts";

    /// <summary>Sends of one alert before it is given up (kept as Failed). The default spans about 8 hours.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Wait before the second send; doubled for each next one up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deadline of one send, including reading the answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much longer than <see cref="Timeout"/> a node holds an alert before another node may send it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Alerts one node sends at the same time.</summary>
    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>
    /// Longest sleep between looks at the alerts queue. Alerts this node queues wake it at once; this
    /// bounds how late another node's alerts, retries and expired leases are noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished alerts (sent, failed, dropped) older than this many days are deleted.</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often each node deletes finished alerts past <see cref="RetentionDays"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Finished alerts deleted per round.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay > MaxRetryDelay)
            yield return new ValidationResult("Alerts:FirstRetryDelay cannot exceed Alerts:MaxRetryDelay.", [nameof(FirstRetryDelay)]);
    }
}
