using CronHooks.Domain.Alerts;
using CronHooks.Domain.Scheduling;

namespace CronHooks.Domain.Webhooks;

/// <summary>An HTTP call a user wants made once at an instant or on a cron schedule.</summary>
public sealed class Webhook
{
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MaxKeyLength = 100;
    public const int MaxPauseNoteLength = 500;

    /// <summary>The longest cron expression accepted (and the column's length).</summary>
    public const int MaxCronExpressionLength = 120;

    /// <summary>The longest IANA time zone id stored.</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>The longest stored alert URL: encrypted, so longer than <see cref="MaxUrlLength"/> in clear.</summary>
    public const int MaxStoredAlertUrlLength = 4096;

    /// <summary>Deadline for one attempt, including reading the response, when the user sets none.</summary>
    public const int DefaultTimeoutSeconds = 30;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 300;

    /// <summary>What a key looks like: letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public const string KeyPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public required string Name { get; set; }

    /// <summary>A stable name the user gives the webhook, unique per user; schedules-as-code files match on it. Null for none.</summary>
    public string? Key { get; set; }
    public required string Url { get; set; }
    public WebhookHttpMethod HttpMethod { get; set; } = WebhookHttpMethod.Post;

    /// <summary>Header name to value, each value encrypted (see Application's WebhookSecrets); never plaintext here.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The JSON payload exactly as the user sent it (byte-exact text), or null for no body.</summary>
    public string? Payload { get; set; }

    public ScheduleType ScheduleType { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }
    public string? CronExpression { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public MissedRunPolicy MissedRunPolicy { get; set; } = MissedRunPolicy.RunOnce;

    public bool IsActive { get; set; } = true;

    /// <summary>Why the webhook was paused, shown to its owner; null when it was not paused with a note.</summary>
    public string? PauseNote { get; set; }

    /// <summary>Who paused it with <see cref="PauseNote"/>; an owner cannot resume what an admin paused.</summary>
    public PausedBy? PausedBy { get; set; }
    public int MaxRetries { get; set; } = RetryPolicy.DefaultMaxRetries;
    public int RetryDelaySeconds { get; set; } = RetryPolicy.DefaultDelaySeconds;
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>The Standard Webhooks signing secret (<c>whsec_…</c>), encrypted; never plaintext here.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The secret replaced by the last rotation (encrypted), still used to sign until <see cref="PreviousSigningSecretExpiresAt"/>.</summary>
    public string? PreviousSigningSecret { get; set; }
    public DateTimeOffset? PreviousSigningSecretExpiresAt { get; set; }

    /// <summary>Where failure alerts go (a Slack incoming webhook works), encrypted like a header value, or null for none.</summary>
    public string? AlertUrl { get; set; }

    /// <summary>Failed attempts in a row (retries count) that raise a <c>webhook.failing</c> alert.</summary>
    public int AlertConsecutiveFailures { get; set; } = AlertSettings.DefaultConsecutiveFailures;

    /// <summary>
    /// When a one-time webhook's occurrence was queued, set by the scheduler in the same statement: from then on it
    /// is done and never armed again (not by a reconcile, an edit of another field, or retention removing its
    /// attempt). Cleared only when its schedule changes: a new instant is a new occurrence.
    /// </summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Makes a completed one-time webhook schedulable again (its schedule changed).</summary>
    public void Reopen() => CompletedAt = null;

    /// <summary>Completed outranks cancelled: a one-time webhook that has run stays done whatever its switch says.</summary>
    public WebhookState State => CompletedAt is not null ? WebhookState.Completed : IsActive ? WebhookState.Active : WebhookState.Cancelled;

    /// <summary>Kept by the delivery engine; null until the webhook's first recorded outcome.</summary>
    public WebhookDeliveryState? Delivery { get; private set; }

    /// <summary>When an attempt of this webhook was last sent.</summary>
    public DateTimeOffset? LastExecutionAt => Delivery?.LastExecutionAt;

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The trigger this webhook fires with; webhooks with the same key share one trigger.</summary>
    public string ScheduleKey { get; private set; } = "";

    /// <summary>Optimistic-concurrency token (PostgreSQL's row version).</summary>
    public uint Version { get; set; }

    /// <summary>What makes an answer a success beyond a 2xx; null: any 2xx is.</summary>
    public SuccessCriteria? SuccessCriteria { get; set; }

    /// <summary>Which failures are retried (see <see cref="Scheduling.RetryOn"/>); null: <see cref="Scheduling.RetryOn.Default"/>.</summary>
    public List<string>? RetryOn { get; set; }

    /// <summary>No retry is queued to run later than this many seconds after the occurrence; null: no limit.</summary>
    public int? MaxRetryAgeSeconds { get; set; }

    /// <summary>When its owner paused it (see <see cref="WebhookPausing"/>); null when not paused by its owner.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>When an owner's pause ends by itself (a scheduler sweep resumes it); null to stay paused until resumed.</summary>
    public DateTimeOffset? PausedUntil { get; set; }

    /// <summary>When an owner's pause last ended (by resume or at <see cref="PausedUntil"/>).</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Scheduled occurrences still to be recorded skipped instead of sent; counts down as they come.</summary>
    public int SkipNext { get; set; }

    /// <summary>Failed occurrences in a row after which the webhook pauses itself; 0 for never.</summary>
    public int PauseAfterFailures { get; set; }

    /// <summary>The scheduler's mark: occurrences up to here of an owner's pause are recorded skipped (with <see cref="PausedAt"/>, the later counts).</summary>
    public DateTimeOffset? PauseRecordedThrough { get; private set; }

    /// <summary>How far back, after an outage, a missed occurrence may still run (see <see cref="CatchupWindow"/>).</summary>
    public int CatchupWindowSeconds { get; set; } = CatchupWindow.DefaultSeconds;

    /// <summary>What an occurrence does while an earlier one of this webhook is still in the queue.</summary>
    public OverlapPolicy OverlapPolicy { get; set; } = OverlapPolicy.Allow;

    /// <summary>Recomputes <see cref="ScheduleKey"/>; call after any schedule field changes.</summary>
    public void RefreshScheduleKey() =>
        ScheduleKey = ScheduleType switch
        {
            ScheduleType.Once => Scheduling.ScheduleKey.ForInstant(ScheduledAt!.Value),
            ScheduleType.Interval => Scheduling.ScheduleKey.ForInterval(IntervalSeconds!.Value, Anchor!.Value),
            _ => Scheduling.ScheduleKey.ForCron(CronExpression!, TimeZone),
        };

    /// <summary>Recurring and interval webhooks: each occurrence is sent up to this many seconds late, by a delay fixed per occurrence (<see cref="Jitter"/>).</summary>
    public int JitterSeconds { get; set; }

    /// <summary>Interval webhooks: seconds between occurrences.</summary>
    public int? IntervalSeconds { get; set; }

    /// <summary>Interval webhooks: the first occurrence; the others are this plus whole intervals.</summary>
    public DateTimeOffset? Anchor { get; set; }

    /// <summary>The interval schedule of an interval webhook, or null for another kind.</summary>
    public IntervalSchedule? AsInterval() =>
        ScheduleType == ScheduleType.Interval && IntervalSeconds is { } seconds && Anchor is { } anchor ? new IntervalSchedule(seconds, anchor) : null;

    /// <summary>Called (signed POST) after every attempt that was sent; null for none. Plaintext, like <see cref="Url"/>.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Called once when an occurrence's retries are exhausted (its final <c>failed</c> attempt); null for none.</summary>
    public string? FailureCallbackUrl { get; set; }

    /// <summary>The most calendars one webhook references.</summary>
    public const int MaxCalendars = 10;

    /// <summary>The owner's calendars whose days off this recurring webhook avoids; empty for none (then nothing is checked).</summary>
    public List<Guid> CalendarIds { get; set; } = [];

    /// <summary>What an occurrence on a day off of <see cref="CalendarIds"/> does.</summary>
    public OnHoliday OnHoliday { get; set; } = OnHoliday.Skip;
}
