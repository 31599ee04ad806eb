using System.Globalization;
using System.Text.Json;
using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

internal static class WebhookMapping
{
    /// <summary>
    /// Copies a validated definition onto the entity, filling defaults for what was left out. Headers are
    /// not copied: they are encrypted by the handler (see <see cref="WebhookSecrets"/>).
    /// </summary>
    public static void ApplyTo(this WebhookDefinition d, Webhook webhook)
    {
        var zoneId = d.Timezone ?? TimeZones.Default;
        var schedule = (webhook.ScheduleType, webhook.ScheduledAt);
        webhook.Key = string.IsNullOrEmpty(d.Key) ? null : d.Key;
        webhook.Name = d.Name!;
        webhook.Url = d.Url!;
        webhook.HttpMethod = d.HttpMethod ?? WebhookHttpMethod.Post;
        webhook.Payload = d.Payload is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } payload
            ? payload.GetRawText()
            : null;
        webhook.ScheduleType = d.ScheduleType!.Value;
        webhook.TimeZone = zoneId;
        webhook.ScheduledAt = d.ScheduleType == ScheduleType.Once
            ? ScheduledAtParser.Parse(d.ScheduledAt!, TimeZones.Find(zoneId)).Instant
            : null;
        webhook.CronExpression = d.ScheduleType == ScheduleType.Recurring ? d.CronExpression!.Trim() : null;
        webhook.StartsAt = d.StartsAt?.ToUniversalTime();
        webhook.EndsAt = d.EndsAt?.ToUniversalTime();
        webhook.MissedRunPolicy = d.MissedRunPolicy ?? MissedRunPolicy.RunOnce;
        webhook.MaxRetries = d.MaxRetries ?? RetryPolicy.DefaultMaxRetries;
        webhook.RetryDelaySeconds = d.RetryDelaySeconds ?? RetryPolicy.DefaultDelaySeconds;
        webhook.TimeoutSeconds = d.TimeoutSeconds ?? Webhook.DefaultTimeoutSeconds;
        // Plaintext here; the handler resolves a masked value and encrypts it (see WebhookSecrets).
        webhook.AlertUrl = d.Alert?.Url;
        webhook.AlertConsecutiveFailures = d.Alert?.ConsecutiveFailures ?? AlertSettings.DefaultConsecutiveFailures;
        webhook.SuccessCriteria = d.SuccessCriteria?.ToDomain();
        webhook.RetryOn = d.RetryOn is null ? null : [.. d.RetryOn.Select(item => item.ToLowerInvariant()).Distinct()];
        webhook.MaxRetryAgeSeconds = d.MaxRetryAgeSeconds;
        webhook.PauseAfterFailures = d.PauseAfterFailures ?? 0;
        webhook.JitterSeconds = d.JitterSeconds ?? 0;
        webhook.IntervalSeconds = d.ScheduleType == ScheduleType.Interval ? d.IntervalSeconds : null;
        webhook.Anchor = d.ScheduleType == ScheduleType.Interval ? WholeSeconds(d.Anchor ?? webhook.CreatedAt) : null;
        webhook.CallbackUrl = string.IsNullOrEmpty(d.CallbackUrl) ? null : d.CallbackUrl;
        webhook.FailureCallbackUrl = string.IsNullOrEmpty(d.FailureCallbackUrl) ? null : d.FailureCallbackUrl;
        webhook.CatchupWindowSeconds = d.CatchupWindowSeconds ?? CatchupWindow.DefaultSeconds;
        webhook.OverlapPolicy = d.OverlapPolicy ?? OverlapPolicy.Allow;
        webhook.CalendarIds = (d.CalendarIds ?? []).Distinct().ToList();
        webhook.OnHoliday = d.OnHoliday ?? OnHoliday.Skip;
        webhook.RefreshScheduleKey();
        if ((webhook.ScheduleType, webhook.ScheduledAt) != schedule)
            webhook.Reopen();
    }

    /// <summary>
    /// The first instant this webhook will really be sent (jitter added, days off of its calendars skipped or moved), or
    /// null when it will not; <paramref name="holidays"/> is its calendars' rule, null when it names none.
    /// </summary>
    public static DateTimeOffset? NextRunAt(this Webhook webhook, IScheduleCalculator schedules, HolidayRule? holidays, DateTimeOffset now)
    {
        if (webhook.State != WebhookState.Active)
            return null;
        if (webhook.ScheduleType == ScheduleType.Once)
            return webhook.ScheduledAt > now ? webhook.ScheduledAt : null;

        var next = ScheduledRuns.Next(webhook, schedules, holidays, now, 1);
        return next.Count > 0 ? next[0].DueAt : null;
    }

    /// <summary>The webhook as the API shows it; <paramref name="holidays"/> holds its calendars (<see cref="WebhookHolidays.LoadAsync"/>) for nextRunAt.</summary>
    public static WebhookResponse ToResponse(
        this Webhook w, IScheduleCalculator schedules, WebhookHolidays holidays, ISecretProtector secrets, DateTimeOffset now) => new(
        w.Id, w.Key, w.Name, w.Url, w.HttpMethod, secrets.MaskedHeaders(w),
        w.Payload is null ? null : JsonDocument.Parse(w.Payload).RootElement.Clone(),
        w.ScheduleType, w.ScheduledAt, w.CronExpression, w.TimeZone, w.StartsAt, w.EndsAt, w.MissedRunPolicy,
        w.IsActive, w.State, w.CompletedAt, w.MaxRetries, w.RetryDelaySeconds, w.TimeoutSeconds,
        w.AlertResponse(secrets),
        w.NextRunAt(schedules, holidays.For(w), now), w.LastExecutionAt, w.CreatedAt, w.UpdatedAt)
    {
        PauseNote = w.PauseNote,
        PausedBy = w.PausedBy,
        SuccessCriteria = SuccessCriteriaDefinition.From(w.SuccessCriteria),
        RetryOn = w.RetryOn ?? [.. RetryOn.Default],
        MaxRetryAgeSeconds = w.MaxRetryAgeSeconds,
        PausedAt = w.PausedAt,
        PausedUntil = w.PausedUntil,
        ResumedAt = w.ResumedAt,
        SkipNext = w.SkipNext,
        PauseAfterFailures = w.PauseAfterFailures,
        JitterSeconds = w.JitterSeconds,
        IntervalSeconds = w.IntervalSeconds,
        Anchor = w.Anchor,
        CallbackUrl = w.CallbackUrl,
        FailureCallbackUrl = w.FailureCallbackUrl,
        CatchupWindowSeconds = w.CatchupWindowSeconds,
        OverlapPolicy = w.OverlapPolicy,
        CalendarIds = w.CalendarIds,
        OnHoliday = w.OnHoliday,
    };

    /// <summary>
    /// The webhook as a replace body of type <typeparamref name="T"/> (header values masked, which keeps them): the
    /// document a JSON merge patch applies to is this record serialised, so its member names are the body's own.
    /// </summary>
    public static T ToDefinition<T>(this Webhook w, ISecretProtector secrets)
        where T : WebhookDefinition, new() => new()
    {
        Key = w.Key,
        Name = w.Name,
        Url = w.Url,
        HttpMethod = w.HttpMethod,
        Headers = secrets.MaskedHeaders(w).ToDictionary(h => h.Key, h => (string?)h.Value),
        Payload = w.Payload is null ? null : JsonDocument.Parse(w.Payload).RootElement.Clone(),
        ScheduleType = w.ScheduleType,
        ScheduledAt = w.ScheduledAt?.ToString("O", CultureInfo.InvariantCulture),
        CronExpression = w.CronExpression,
        Timezone = w.TimeZone,
        StartsAt = w.StartsAt,
        EndsAt = w.EndsAt,
        MissedRunPolicy = w.MissedRunPolicy,
        MaxRetries = w.MaxRetries,
        RetryDelaySeconds = w.RetryDelaySeconds,
        TimeoutSeconds = w.TimeoutSeconds,
        Alert = w.AlertResponse(secrets) is { } alert ? new AlertDefinition { Url = alert.Url, ConsecutiveFailures = alert.ConsecutiveFailures } : null,
        SuccessCriteria = SuccessCriteriaDefinition.From(w.SuccessCriteria),
        RetryOn = w.RetryOn is null ? null : [.. w.RetryOn],
        MaxRetryAgeSeconds = w.MaxRetryAgeSeconds,
        PauseAfterFailures = w.PauseAfterFailures,
        JitterSeconds = w.JitterSeconds,
        IntervalSeconds = w.IntervalSeconds,
        Anchor = w.Anchor,
        CallbackUrl = w.CallbackUrl,
        FailureCallbackUrl = w.FailureCallbackUrl,
        CatchupWindowSeconds = w.CatchupWindowSeconds,
        OverlapPolicy = w.OverlapPolicy,
        CalendarIds = [.. w.CalendarIds],
        OnHoliday = w.OnHoliday,
    };

    // Occurrences fall on whole seconds, like cron's.
    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    private static AlertResponse? AlertResponse(this Webhook w, ISecretProtector secrets) =>
        secrets.RevealAlertUrl(w) is { } url ? new AlertResponse(WebhookSecrets.MaskUrl(url), w.AlertConsecutiveFailures) : null;
}
