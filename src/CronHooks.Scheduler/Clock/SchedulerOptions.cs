using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Settings of the clock (section <c>Scheduler</c>, e.g. <c>Scheduler__CheckinInterval=00:00:02</c>).
/// The defaults suit production; tests shorten them to see fail-over in seconds.
/// </summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How often a node tells the cluster it is alive. Default 5 s.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they take over a node's work.
    /// Takeover after a crash happens within about <see cref="CheckinInterval"/> + this. Default 5 s.
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a firing may be before it counts as missed (then: one firing for all missed occurrences,
    /// and <c>skip</c> webhooks drop it). Below 60 s so a minutely schedule cannot miss silently. Default 30 s.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an idle node sleeps before looking for due triggers again. A trigger created on another node
    /// that is due sooner than this can fire up to this late; triggers further away are on time. Default 5 s.
    /// </summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long before each occurrence a recurring schedule fires, so its attempts are queued (due at the occurrence,
    /// never claimed before it) when the instant comes. Whole seconds, 0-30: Quartz keeps a recovered firing's time to
    /// the second; 0 fires at the occurrence with Quartz's own cron trigger, which nodes of older releases can read
    /// (for a rolling upgrade, see docs/operations.md). All nodes of a cluster use the same value. Default 1 s.
    /// </summary>
    public TimeSpan CronLead { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Firings that can run at once on a node (each is one enqueue statement). Default 10.</summary>
    public int ThreadPoolSize { get; set; } = 10;

    /// <summary>Triggers a node acquires per round trip to the store. Default 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>How often the outbox is polled even without a notification (the safety net). Default 5 s.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox rows claimed per transaction. Default 100.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How often a node checks that triggers and webhooks agree and repairs any drift (nodes take turns). Default 5 min.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Pending outbox rows above which a node reconciles instead of replaying them one batch after another
    /// (after downtime, the backlog can be millions of rows for far fewer keys). Also the most rows a node
    /// replays before it counts as ready, so it bounds the replay part of the time to ready (a few seconds at
    /// 1,000 rows, while comparing 100,000 keys costs about one). Default 1,000.
    /// </summary>
    public int OutboxReconcileThreshold { get; set; } = 1_000;

    /// <summary>Schedule keys compared per transaction when reconciling; bounds the memory a reconciliation takes. Default 1,000.</summary>
    public int ReconcilePageSize { get; set; } = 1_000;
}

/// <summary>Refuses to start with settings that would make the clock unreliable.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var errors = new List<string>();
        void Between(TimeSpan value, TimeSpan min, TimeSpan max, string field)
        {
            if (value < min || value > max)
                errors.Add($"{SchedulerOptions.Section}:{field} is {value}; it must be between {min} and {max}.");
        }

        Between(options.CheckinInterval, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5), nameof(options.CheckinInterval));
        Between(options.CheckinMisfireThreshold, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5), nameof(options.CheckinMisfireThreshold));
        // Quartz's own floor is 1 s; below 60 s a late minutely firing is never silently merged.
        Between(options.MisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(59), nameof(options.MisfireThreshold));
        Between(options.IdleWaitTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), nameof(options.IdleWaitTime));
        Between(options.CronLead, TimeSpan.Zero, TimeSpan.FromSeconds(30), nameof(options.CronLead));
        if (options.CronLead.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.CronLead)} is {options.CronLead}; it must be whole seconds.");
        Between(options.OutboxPollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(options.OutboxPollInterval));
        Between(options.ReconcileInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(options.ReconcileInterval));
        if (options.ThreadPoolSize is < 1 or > 200)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.ThreadPoolSize)} is {options.ThreadPoolSize}; it must be between 1 and 200.");
        if (options.BatchSize is < 1 or > 1000)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.BatchSize)} is {options.BatchSize}; it must be between 1 and 1000.");
        if (options.OutboxBatchSize is < 1 or > 10_000)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.OutboxBatchSize)} is {options.OutboxBatchSize}; it must be between 1 and 10000.");
        if (options.OutboxReconcileThreshold is < 1 or > 10_000_000)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.OutboxReconcileThreshold)} is {options.OutboxReconcileThreshold}; it must be between 1 and 10000000.");
        if (options.ReconcilePageSize is < 1 or > 100_000)
            errors.Add($"{SchedulerOptions.Section}:{nameof(options.ReconcilePageSize)} is {options.ReconcilePageSize}; it must be between 1 and 100000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
