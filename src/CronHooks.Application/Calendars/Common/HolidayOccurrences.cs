using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Calendars.Common;

/// <summary>A recurring schedule's future runs with its calendars applied: holidays removed or moved, as the engine does.</summary>
public static class HolidayOccurrences
{
    private const int Batch = 100;

    /// <summary>The schedule's occurrences examined at most, so a calendar that blocks everything cannot loop for long.</summary>
    private const int MaxExamined = 5000;

    /// <summary>How far back occurrences are examined when they may be moved: a holiday's occurrence can land after now.</summary>
    private static readonly TimeSpan MoveLookBack = TimeSpan.FromDays(7);

    /// <summary>Whether the schedule has an occurrence of its own on a local date: the engine's test for a move that would double a run.</summary>
    public static Func<DateOnly, bool> RunsOn(
        IScheduleCalculator schedules, string cronExpression, TimeZoneInfo zone, DateTimeOffset? startsAt, DateTimeOffset? endsAt) => date =>
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        var start = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        var next = schedules.Occurrences(cronExpression, zone, start.AddSeconds(-1), 1, startsAt, endsAt);
        return next.Count > 0 && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next[0], zone).DateTime) == date;
    };

    /// <summary>
    /// Where to start for moved occurrences: a week back, unless the schedule fired 100 times or more in that week; such a
    /// schedule nearly always has its own run on the next business day (a move onto it is dropped), so looking back would only cost time.
    /// </summary>
    private static DateTimeOffset LookBackStart(
        IScheduleCalculator schedules, string cronExpression, TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset? startsAt, DateTimeOffset? endsAt)
    {
        var from = now - MoveLookBack;
        var past = schedules.Occurrences(cronExpression, zone, from, Batch, startsAt, endsAt);
        return past.Count == Batch && past[^1] < now ? now : from;
    }

    /// <summary>Up to <paramref name="count"/> instants after <paramref name="now"/> at which the schedule really fires, in order.</summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(
        IScheduleCalculator schedules, HolidayRule rule, OnHoliday policy, string cronExpression, TimeZoneInfo zone,
        DateTimeOffset now, int count, DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null) =>
        Runs(schedules, rule, policy, cronExpression, zone, now, count, Guid.Empty, 0, notBefore: null, startsAt, endsAt)
            .Select(r => r.DueAt).ToList();

    /// <summary>
    /// Up to <paramref name="count"/> runs of a recurring <paramref name="webhook"/> with calendars due after
    /// <paramref name="now"/>, in order of due time: each at its own or moved instant plus the jitter delay of its
    /// occurrence (the engine keeps that delay when it moves an occurrence), none from before the webhook was created.
    /// </summary>
    public static IReadOnlyList<ScheduledRun> Upcoming(
        Webhook webhook, IScheduleCalculator schedules, HolidayRule rule, DateTimeOffset now, int count) =>
        Runs(schedules, rule, webhook.OnHoliday, webhook.CronExpression!, TimeZones.Find(webhook.TimeZone), now, count,
            webhook.Id, webhook.JitterSeconds, webhook.CreatedAt, webhook.StartsAt, webhook.EndsAt);

    /// <summary>
    /// Up to <paramref name="count"/> runs due after <paramref name="now"/>, in order of due time, of a schedule that a
    /// webhook with <paramref name="webhookId"/> and <paramref name="jitterSeconds"/> would have: each at its own or moved
    /// instant plus its occurrence's jitter delay, none from before <paramref name="notBefore"/>.
    /// </summary>
    public static IReadOnlyList<ScheduledRun> Runs(
        IScheduleCalculator schedules, HolidayRule rule, OnHoliday policy, string cronExpression, TimeZoneInfo zone,
        DateTimeOffset now, int count, Guid webhookId, int jitterSeconds, DateTimeOffset? notBefore,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null)
    {
        var runsOn = RunsOn(schedules, cronExpression, zone, startsAt, endsAt);
        var results = new List<ScheduledRun>();
        // An occurrence up to the jitter ago may still be waiting for its delay, so the search starts that far back.
        var from = now - TimeSpan.FromSeconds(jitterSeconds);
        var after = policy == OnHoliday.NextBusinessDay ? LookBackStart(schedules, cronExpression, zone, from, startsAt, endsAt) : from;
        var examined = 0;
        while (examined < MaxExamined)
        {
            var raw = schedules.Occurrences(cronExpression, zone, after, Batch, startsAt, endsAt);
            foreach (var occurrence in raw)
            {
                if (occurrence < notBefore || rule.Decide(occurrence, policy, zone, runsOn).RunAt is not { } runAt)
                    continue;
                var dueAt = runAt + Jitter.DelayFor(webhookId, occurrence, jitterSeconds);
                if (dueAt > now)
                    results.Add(new ScheduledRun(occurrence, dueAt));
            }
            examined += raw.Count;
            if (raw.Count < Batch)
                break;
            after = raw[^1];
            // Every later occurrence, moved or not, is due after the last one examined: what is known up to it is final.
            if (results.Count(r => r.DueAt <= after) >= count)
                break;
        }
        return results.OrderBy(r => r.DueAt).ThenBy(r => r.Occurrence).Take(count).ToList();
    }
}
