using System.ComponentModel.DataAnnotations;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Settings of the clock (section <c>Scheduler</c>, e.g. <c>Scheduler__CheckinInterval=00:00:02</c>).
/// The defaults suit production; tests shorten them to see fail-over in seconds.
/// </summary>
public sealed class SchedulerOptions : IValidatableObject
{
    public const string Section = "Scheduler";

    private const string Between = "Scheduler:{0} must be between {1} and {2}.";

    /// <summary>How often a node tells the cluster it is alive. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:05:00", ErrorMessage = Between)]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they take over a node's work.
    /// Takeover after a crash happens within about <see cref="CheckinInterval"/> + this. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:05:00", ErrorMessage = Between)]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a firing may be before it counts as missed (then: one firing for all missed occurrences,
    /// and <c>skip</c> webhooks drop it). Below 60 s so a minutely schedule cannot miss silently. Default 30 s.
    /// </summary>
    // Quartz's own floor is 1 s; below 60 s a late minutely firing is never silently merged.
    [Range(typeof(TimeSpan), "00:00:01", "00:00:59", ErrorMessage = Between)]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an idle node sleeps before looking for due triggers again. A trigger created on another node
    /// that is due sooner than this can fire up to this late; triggers further away are on time. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = Between)]
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long before each occurrence a recurring schedule fires, so its attempts are queued (due at the occurrence,
    /// never claimed before it) when the instant comes. Whole seconds, 0-30: Quartz keeps a recovered firing's time to
    /// the second; 0 fires at the occurrence with Quartz's own cron trigger, which nodes of older releases can read
    /// (for a rolling upgrade, see docs/operations.md). All nodes of a cluster use the same value. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30", ErrorMessage = Between)]
    public TimeSpan CronLead { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Firings that can run at once on a node (each is one enqueue statement). Default 10.</summary>
    [Range(1, 200, ErrorMessage = Between)]
    public int ThreadPoolSize { get; set; } = 10;

    /// <summary>Triggers a node acquires per round trip to the store. Default 10.</summary>
    [Range(1, 1000, ErrorMessage = Between)]
    public int BatchSize { get; set; } = 10;

    /// <summary>How often the outbox is polled even without a notification (the safety net). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00", ErrorMessage = Between)]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox rows claimed per transaction. Default 100.</summary>
    [Range(1, 10_000, ErrorMessage = Between)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How often a node checks that triggers and webhooks agree and repairs any drift (nodes take turns). Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = Between)]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Pending outbox rows above which a node reconciles instead of replaying them one batch after another
    /// (after downtime, the backlog can be millions of rows for far fewer keys). Also the most rows a node
    /// replays before it counts as ready, so it bounds the replay part of the time to ready (a few seconds at
    /// 1,000 rows, while comparing 100,000 keys costs about one). Default 1,000.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = Between)]
    public int OutboxReconcileThreshold { get; set; } = 1_000;

    /// <summary>Schedule keys compared per transaction when reconciling; bounds the memory a reconciliation takes. Default 1,000.</summary>
    [Range(1, 100_000, ErrorMessage = Between)]
    public int ReconcilePageSize { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CronLead.Ticks % TimeSpan.TicksPerSecond != 0)
            yield return new ValidationResult($"{Section}:{nameof(CronLead)} is {CronLead}; it must be whole seconds.", [nameof(CronLead)]);
    }

    /// <summary>What is wrong with these settings, by the same rules as the start-time check (empty: nothing).</summary>
    public IReadOnlyList<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
