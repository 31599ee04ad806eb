using System.Text.Json;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// What a user states about a webhook: the body of create and replace. Everything is nullable here so
/// that a missing field is reported by the validator, with its name, instead of failing to parse.
/// </summary>
public abstract record WebhookDefinition
{
    /// <summary>
    /// A stable identifier you choose, unique among your webhooks (letters, digits, '.', '_', '-'; up to 100);
    /// <c>cronhooks apply</c> matches file entries to webhooks by it. Omit for none.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>A name for people, up to 200 characters.</summary>
    public string? Name { get; init; }

    /// <summary>The absolute http or https URL to call.</summary>
    public string? Url { get; init; }

    /// <summary>Defaults to POST.</summary>
    public WebhookHttpMethod? HttpMethod { get; init; }

    /// <summary>
    /// Custom request headers. Values are stored encrypted and shown masked; on replace, a value sent as
    /// null or as the mask shown for it keeps the stored value.
    /// </summary>
    public Dictionary<string, string?>? Headers { get; init; }

    /// <summary>Any JSON value; sent byte for byte as given.</summary>
    public JsonElement? Payload { get; init; }

    public ScheduleType? ScheduleType { get; init; }

    /// <summary>One-time webhooks: an ISO 8601 instant with an offset, or a local date-time without
    /// one, read in <c>timezone</c>.</summary>
    public string? ScheduledAt { get; init; }

    /// <summary>Recurring webhooks: a standard 5-field cron expression (or a macro such as @daily).</summary>
    public string? CronExpression { get; init; }

    /// <summary>An IANA time zone id; defaults to UTC.</summary>
    public string? Timezone { get; init; }

    /// <summary>Recurring webhooks: occurrences before this instant are not run.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Recurring webhooks: occurrences after this instant are not run.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>After an outage: one attempt for the missed occurrences (runOnce, default) or none (skip).</summary>
    public MissedRunPolicy? MissedRunPolicy { get; init; }

    /// <summary>Retries after the first attempt, 0–10; defaults to 3.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Base delay before the first retry, doubled for each next one; 1–86400, defaults to 60.</summary>
    public int? RetryDelaySeconds { get; init; }

    /// <summary>Deadline for one attempt including reading the response, 1–300; defaults to 30.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Failure alerts for this webhook; null or absent for none.</summary>
    public AlertDefinition? Alert { get; init; }

    /// <summary>
    /// Recurring webhooks: ids of your calendars (up to 10) whose days off this webhook avoids; an occurrence whose local
    /// date (in a calendar's time zone) is one of them follows <c>onHoliday</c>. Omit or empty for none.
    /// </summary>
    public List<Guid>? CalendarIds { get; init; }

    /// <summary>With calendarIds: skip an occurrence on a day off (default), or run it at the same local time on the next business day.</summary>
    public OnHoliday? OnHoliday { get; init; }
}
