using CronHooks.Application.Common;
using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Schedules.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Schedules.PreviewSchedule;

/// <summary>
/// The next runs of a cron expression or an interval, before any webhook uses it. With a webhook id they are that
/// webhook's jittered instants; with jitter but no webhook, each run also says the latest it may be sent. With
/// <paramref name="CalendarIds"/> (cron only), the runs a webhook with those calendars and <paramref name="OnHoliday"/>
/// would really make (days off removed or moved).
/// </summary>
public sealed record PreviewScheduleQuery(
    string? CronExpression, string? Timezone = null, int Count = 10, IReadOnlyList<Guid>? CalendarIds = null, OnHoliday? OnHoliday = null)
    : IQuery<OccurrencesResponse>
{
    /// <summary>An interval schedule instead of a cron expression: seconds between occurrences.</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>The interval's anchor; defaults to the webhook's (with <see cref="WebhookId"/>) or now, to the second.</summary>
    public DateTimeOffset? Anchor { get; init; }

    /// <summary>The jitter to preview; defaults to the webhook's (with <see cref="WebhookId"/>) or 0.</summary>
    public int? JitterSeconds { get; init; }

    /// <summary>One of the caller's webhooks, whose id fixes each occurrence's jitter delay.</summary>
    public Guid? WebhookId { get; init; }
}

public sealed class PreviewScheduleValidator : AbstractValidator<PreviewScheduleQuery>
{
    public PreviewScheduleValidator(IScheduleCalculator schedules, IOptions<ResourceLimits> limits)
    {
        RuleFor(q => q.Count).InclusiveBetween(1, OccurrencesResponse.MaxCount);
        RuleFor(q => q.Timezone)
            .Must(id => id is null || TimeZones.TryFind(id, out _))
            .WithMessage(q => $"'{q.Timezone}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC).");
        When(q => q.IntervalSeconds is null, () =>
        {
            RuleFor(q => q.CronExpression).NotEmpty().MaximumLength(Webhook.MaxCronExpressionLength);
            RuleFor(q => q.CronExpression)
                .Must((q, cron) => schedules.Validate(cron!, TimeZones.Find(q.Timezone ?? TimeZones.Default)) is null)
                .WithMessage((q, cron) => schedules.Validate(cron!, TimeZones.Find(q.Timezone ?? TimeZones.Default)))
                .When(q => !string.IsNullOrWhiteSpace(q.CronExpression) && TimeZones.TryFind(q.Timezone ?? TimeZones.Default, out _));
            RuleFor(q => q.Anchor).Null().WithMessage("anchor is only for an interval (intervalSeconds).");
        });
        When(q => q.IntervalSeconds is not null, () =>
        {
            RuleFor(q => q.IntervalSeconds).InclusiveBetween(limits.Value.MinIntervalSeconds, IntervalSchedule.MaxSeconds)
                .WithMessage(q => $"intervalSeconds must be between {limits.Value.MinIntervalSeconds} and {IntervalSchedule.MaxSeconds} (366 days); it was {q.IntervalSeconds}.");
            RuleFor(q => q.CronExpression).Null().WithMessage("Give either cronExpression or intervalSeconds, not both.");
        });
        RuleFor(q => q.JitterSeconds).InclusiveBetween(0, Jitter.MaxSeconds);
        RuleFor(q => q.CalendarIds!.Count).LessThanOrEqualTo(Webhook.MaxCalendars).OverridePropertyName("calendarIds")
            .WithMessage($"calendarIds may name at most {Webhook.MaxCalendars} calendars.")
            .When(q => q.CalendarIds is not null);
        RuleFor(q => q.CalendarIds).Empty().WithMessage("calendarIds are for cron schedules, not intervals.")
            .When(q => q.IntervalSeconds is not null);
        RuleFor(q => q.OnHoliday).IsInEnum();
    }
}

public sealed class PreviewScheduleHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays, TimeProvider clock)
    : IQueryHandler<PreviewScheduleQuery, OccurrencesResponse>
{
    public async ValueTask<OccurrencesResponse> Handle(PreviewScheduleQuery query, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Find(query.Timezone ?? TimeZones.Default);
        var now = clock.GetUtcNow();
        var calendars = query.CalendarIds is { Count: > 0 } ids
            ? await db.Calendars.GetAllOwnedAsync(ids, currentUser.Id, cancellationToken)
            : null;
        var webhook = query.WebhookId is { } id
            ? await db.Webhooks.AsNoTracking().GetOwnedAsync(id, currentUser.Id, cancellationToken)
            : null;
        var jitter = query.JitterSeconds ?? webhook?.JitterSeconds ?? 0;
        if (calendars is not null)
        {
            var rule = new HolidayRule(calendars, publicHolidays);
            var policy = query.OnHoliday ?? OnHoliday.Skip;
            // With the webhook, its jittered instants as /upcoming shows them; a run then carries its occurrence.
            return webhook is not null && jitter > 0
                ? OccurrencesResponse.From(HolidayOccurrences.Runs(schedules, rule, policy, query.CronExpression!.Trim(), zone, now, query.Count,
                    webhook.Id, jitter, notBefore: webhook.CreatedAt), zone)
                : OccurrencesResponse.From(HolidayOccurrences.Upcoming(schedules, rule, policy, query.CronExpression!.Trim(), zone, now, query.Count), zone);
        }
        var interval = query.IntervalSeconds is { } seconds
            ? new IntervalSchedule(seconds, DateTimeOffset.FromUnixTimeSeconds((query.Anchor ?? webhook?.Anchor ?? now).ToUnixTimeSeconds()))
            : null;
        IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset after, int count) => interval is not null
            ? interval.Occurrences(after, count)
            : schedules.Occurrences(query.CronExpression!.Trim(), zone, after, count);

        if (jitter == 0)
            return OccurrencesResponse.From(Occurrences(now, query.Count), zone);
        if (webhook is null)
        {
            // Without a webhook the delay is unknown: each occurrence with the end of its jitter window.
            return new OccurrencesResponse(Occurrences(now, query.Count)
                .Select(o => new Occurrence(o.UtcDateTime, TimeZoneInfo.ConvertTime(o, zone)) { LatestUtc = o.AddSeconds(jitter).UtcDateTime })
                .ToList());
        }
        // An occurrence up to the jitter ago may still be waiting for its delay, so the search starts that far back.
        // Like /upcoming: none from before the webhook existed.
        var runs = Occurrences(now.AddSeconds(-jitter), query.Count + jitter / 60 + 1)
            .Where(o => o >= webhook.CreatedAt)
            .Select(o => new ScheduledRun(o, Jitter.DueAt(webhook.Id, o, jitter)))
            .Where(r => r.DueAt > now)
            .OrderBy(r => r.DueAt)
            .Take(query.Count);
        return OccurrencesResponse.From(runs, zone);
    }
}
