using System.Text.Json;
using System.Text.Json.Serialization;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>A webhook as the API shows it.</summary>
public sealed record WebhookResponse(
    Guid Id,
    string? Key,
    string Name,
    string Url,
    WebhookHttpMethod HttpMethod,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement? Payload,
    ScheduleType ScheduleType,
    DateTimeOffset? ScheduledAt,
    string? CronExpression,
    string Timezone,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    MissedRunPolicy MissedRunPolicy,
    bool IsActive,
    WebhookState State,
    DateTimeOffset? CompletedAt,
    int MaxRetries,
    int RetryDelaySeconds,
    int TimeoutSeconds,
    AlertResponse? Alert,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastExecutionAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Why the webhook was paused, when it was paused with a note; null otherwise.</summary>
    public string? PauseNote { get; init; }

    /// <summary>Who paused it with the note: <c>admin</c> (only an administrator resumes it) or <c>owner</c>; null when not paused with a note.</summary>
    public PausedBy? PausedBy { get; init; }

    /// <summary>The signing secret; present only in the responses that create or rotate it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SigningSecret { get; init; }

    /// <summary>Last result and 24-hour success rate; present only in the list.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WebhookActivity? Activity { get; init; }

    /// <summary>What makes an answer a success; null: any 2xx.</summary>
    public SuccessCriteriaDefinition? SuccessCriteria { get; init; }

    /// <summary>Which failures are retried (the default when the webhook names none); any other failure is <c>failed</c> at once.</summary>
    public IReadOnlyList<string> RetryOn { get; init; } = [];

    /// <summary>No retry runs later than this many seconds after the occurrence; null: no limit.</summary>
    public int? MaxRetryAgeSeconds { get; init; }

    /// <summary>When its owner paused it (pause); null when it is not paused by its owner.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>When an owner's pause ends by itself; null when it is not paused or stays paused until resumed.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>When an owner's pause last ended, by resume or at its pausedUntil.</summary>
    public DateTimeOffset? ResumedAt { get; init; }

    /// <summary>Scheduled occurrences still to be recorded skipped (kind paused) instead of sent (skip).</summary>
    public int SkipNext { get; init; }

    /// <summary>Failed occurrences in a row after which the webhook pauses itself; 0 for never.</summary>
    public int PauseAfterFailures { get; init; }

    /// <summary>The most each occurrence is sent after its instant (0 for none); nextRunAt already includes it.</summary>
    public int JitterSeconds { get; init; }

    /// <summary>Interval webhooks: seconds between occurrences; null otherwise.</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>Interval webhooks: the instant occurrences are counted from; null otherwise.</summary>
    public DateTimeOffset? Anchor { get; init; }

    /// <summary>Called after every attempt that was sent; null for none.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Called once when an occurrence has failed for good; null for none.</summary>
    public string? FailureCallbackUrl { get; init; }

    /// <summary>How far back, in seconds, a missed occurrence may still run after an outage.</summary>
    public required int CatchupWindowSeconds { get; init; }

    /// <summary>What an occurrence does while an earlier one is still pending, running or retrying.</summary>
    public required OverlapPolicy OverlapPolicy { get; init; }

    /// <summary>The calendars whose days off this webhook avoids; empty for none.</summary>
    public IReadOnlyList<Guid> CalendarIds { get; init; } = [];

    /// <summary>What an occurrence on a day off does: skip, or nextBusinessDay.</summary>
    public OnHoliday OnHoliday { get; init; }
}
