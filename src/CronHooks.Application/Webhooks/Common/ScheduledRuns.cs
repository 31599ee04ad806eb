using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>An occurrence of a schedule and the instant it is due once the webhook's jitter is added.</summary>
public sealed record ScheduledRun(DateTimeOffset Occurrence, DateTimeOffset DueAt);

/// <summary>
/// The next runs of a recurring or interval webhook as the scheduler will queue them: occurrences within its window,
/// none from before it was created, each due at its jittered instant (<see cref="Jitter"/>, the enqueue's formula).
/// </summary>
public static class ScheduledRuns
{
    /// <summary>Up to <paramref name="count"/> runs due after <paramref name="now"/>, in order of due time.</summary>
    public static IReadOnlyList<ScheduledRun> Next(Webhook webhook, IScheduleCalculator schedules, DateTimeOffset now, int count)
    {
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
