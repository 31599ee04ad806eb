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

    /// <summary>
    /// After an outage, for the occurrences missed within <c>catchupWindowSeconds</c>: one attempt for the latest (runOnce,
    /// default), one for each in order (all) or none (skip). Those not run are recorded skipped with error kind <c>missed</c>.
    /// </summary>
    public MissedRunPolicy? MissedRunPolicy { get; init; }

    /// <summary>Retries after the first attempt, 0–10; defaults to 3.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Base delay before the first retry, doubled for each next one; 1–86400, defaults to 60.</summary>
    public int? RetryDelaySeconds { get; init; }

    /// <summary>Deadline for one attempt including reading the response, 1–300; defaults to 30.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Failure alerts for this webhook; null or absent for none.</summary>
    public AlertDefinition? Alert { get; init; }

    /// <summary>What makes an answer a success (accepted status codes, body and duration checks); absent: any 2xx.</summary>
    public SuccessCriteriaDefinition? SuccessCriteria { get; init; }

    /// <summary>
    /// Which failures are retried: <c>timeout</c>, <c>connection</c>, <c>assertion</c>, <c>3xx</c>, <c>4xx</c>, <c>5xx</c> or a status
    /// code (300–599). Absent: <c>["timeout", "connection", "408", "425", "429", "5xx"]</c>; <c>[]</c>: none. Others fail at once.
    /// </summary>
    public List<string>? RetryOn { get; init; }

    /// <summary>No retry is queued to run later than this many seconds after the occurrence, 1–2592000; absent: no limit.</summary>
    public int? MaxRetryAgeSeconds { get; init; }

    /// <summary>Pause the webhook after this many failed occurrences in a row (retries in between do not count), 1–1000; 0 or absent for never.</summary>
    public int? PauseAfterFailures { get; init; }

    /// <summary>
    /// Recurring and interval webhooks: each occurrence is sent up to this many seconds after it (0–3600; defaults to 0), by
    /// a delay fixed by the webhook id and the occurrence, so many webhooks on one schedule spread out. The webhook-id stays the occurrence's.
    /// </summary>
    public int? JitterSeconds { get; init; }

    /// <summary>Interval webhooks: seconds between occurrences (at least 60 unless the server allows less; at most 366 days).</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>
    /// Interval webhooks: an instant the occurrences are counted from (they are anchor + k × intervalSeconds, k ≥ 0);
    /// defaults to the webhook's creation time rounded down to the second.
    /// </summary>
    public DateTimeOffset? Anchor { get; init; }

    /// <summary>
    /// Called with a signed POST after every attempt that was sent (success, retrying, failed; not skipped): the
    /// attempt's outcome, timing and the first 4 KiB of the response body. An absolute http or https URL; omit for none.
    /// </summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Called the same way once an occurrence has failed for good (its retries exhausted); omit for none.</summary>
    public string? FailureCallbackUrl { get; init; }

    /// <summary>
    /// Recurring webhooks: how far back, in seconds, a missed occurrence may still run after all scheduler nodes were
    /// down (0–604800, defaults to 60); older ones are recorded skipped with error kind <c>missed</c>.
    /// </summary>
    public int? CatchupWindowSeconds { get; init; }

    /// <summary>
    /// What an occurrence does while an earlier one is still pending, running or retrying: allow (default), skip,
    /// bufferOne or cancelPrevious. Run-now, redelivery and test sends are not subject to it.
    /// </summary>
    public OverlapPolicy? OverlapPolicy { get; init; }

    /// <summary>
    /// Recurring webhooks: ids of your calendars (up to 10) whose days off this webhook avoids; an occurrence whose local
    /// date (in a calendar's time zone) is one of them follows <c>onHoliday</c>. Omit or empty for none.
    /// </summary>
    public List<Guid>? CalendarIds { get; init; }

    /// <summary>With calendarIds: skip an occurrence on a day off (default), or run it at the same local time on the next business day.</summary>
    public OnHoliday? OnHoliday { get; init; }
}
