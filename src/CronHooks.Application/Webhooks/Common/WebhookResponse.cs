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

    /// <summary>The calendars whose days off this webhook avoids; empty for none.</summary>
    public IReadOnlyList<Guid> CalendarIds { get; init; } = [];

    /// <summary>What an occurrence on a day off does: skip, or nextBusinessDay.</summary>
    public OnHoliday OnHoliday { get; init; }
}
