using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// The next runs of a recurring or interval webhook as the scheduler will send them: occurrences within its window,
/// none from before it was created, days off of its calendars removed or moved, each due at its jittered instant
/// (<see cref="Jitter"/>, the enqueue's formula). The one home of what nextRunAt and /upcoming promise.
/// </summary>
public static class ScheduledRuns
{
    /// <summary>
    /// Up to <paramref name="count"/> runs due after <paramref name="now"/>, in order of due time. <paramref name="holidays"/>
    /// is the rule of the webhook's calendars (<see cref="WebhookHolidays.For"/>), null when it names none.
    /// </summary>
    public static IReadOnlyList<ScheduledRun> Next(Webhook webhook, IScheduleCalculator schedules, HolidayRule? holidays, DateTimeOffset now, int count)
    {
        if (holidays is not null)
            return HolidayOccurrences.Upcoming(webhook, schedules, holidays, now, count);
        var jitter = TimeSpan.FromSeconds(webhook.JitterSeconds);
        // An occurrence up to the jitter ago may still be waiting for its delay, so the search starts that far back.
        var from = now - jitter;
        var wanted = webhook.JitterSeconds == 0 ? count : count + MaxOccurrencesWithin(webhook, jitter);
        var occurrences = webhook.AsInterval() is { } interval
            ? interval.Occurrences(from, wanted, webhook.StartsAt, webhook.EndsAt)
            : schedules.Occurrences(webhook.CronExpression!, TimeZones.Find(webhook.TimeZone), from, wanted, webhook.StartsAt, webhook.EndsAt);
        return occurrences
            .Where(o => o >= webhook.CreatedAt)
            .Select(o => new ScheduledRun(o, Jitter.DueAt(webhook.Id, o, webhook.JitterSeconds)))
            .Where(r => r.DueAt > now)
            .OrderBy(r => r.DueAt)
            .Take(count)
            .ToList();
    }

    // Cron fires at most once a minute; an interval as often as its seconds say.
    private static int MaxOccurrencesWithin(Webhook webhook, TimeSpan span) =>
        (int)(span.TotalSeconds / (webhook.IntervalSeconds ?? 60)) + 1;
}
