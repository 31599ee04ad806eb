using CronHooks.Application.Common.Ports;
using Quartz;

namespace CronHooks.Infrastructure.Scheduling;

/// <summary>
/// Cron semantics come from Quartz's own <see cref="CronExpression"/> in Unix format: the scheduler fires
/// with the same parser, so validation, nextRunAt and previews cannot disagree with what happens.
/// </summary>
internal sealed class QuartzScheduleCalculator(TimeProvider clock) : IScheduleCalculator
{
    public string? Validate(string cronExpression, TimeZoneInfo timeZone)
    {
        var text = cronExpression.Trim();
        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(text, CronFormat.Unix);
        }
        catch (FormatException e)
        {
            return $"'{text}' is not a valid cron expression: {e.Message} Use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * 1-5'.";
        }

        var ambiguity = AmbiguousDayFields(text);
        if (ambiguity is not null)
            return ambiguity;

        if (parsed.WithTimeZone(timeZone).GetNextValidTimeAfter(clock.GetUtcNow()) is null)
            return $"'{text}' never fires (no date matches it).";
        return null;
    }

    // A day holds at most 1,440 occurrences (minute resolution): this many always cover one whole firing day and the
    // turn into the next, where every pattern of the minute and hour fields shows its shortest gap.
    private const int OccurrencesForShortestInterval = 1_442;

    public TimeSpan? ShortestInterval(string cronExpression, TimeZoneInfo timeZone)
    {
        var expression = CronExpression.Parse(cronExpression.Trim(), CronFormat.Unix).WithTimeZone(timeZone);
        TimeSpan? shortest = null;
        var previous = expression.GetNextValidTimeAfter(clock.GetUtcNow());
        for (var i = 0; i < OccurrencesForShortestInterval && previous is { } at; i++)
        {
            var next = expression.GetNextValidTimeAfter(at);
            if (next is { } n && (shortest is null || n - at < shortest))
                shortest = n - at;
            if (shortest == TimeSpan.FromMinutes(1))
                break; // cron's resolution: nothing can be shorter
            previous = next;
        }
        return shortest;
    }

    public IReadOnlyList<DateTimeOffset> Occurrences(
        string cronExpression, TimeZoneInfo timeZone, DateTimeOffset after, int count,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null)
    {
        var expression = CronExpression.Parse(cronExpression.Trim(), CronFormat.Unix).WithTimeZone(timeZone);
        var results = new List<DateTimeOffset>(count);
        // Occurrences before the window's start are skipped by searching from just before it.
        var cursor = startsAt is { } start && start > after ? start.AddTicks(-1) : after;
        while (results.Count < count && expression.GetNextValidTimeAfter(cursor) is { } next)
        {
            if (endsAt is { } end && next > end)
                break;
            results.Add(next);
            cursor = next;
        }
        return results;
    }

    /// <summary>
    /// Crons disagree on "<c>*/2</c> in one day field, a restriction in the other": Vixie cron ANDs them,
    /// Quartz and POSIX OR them. Rather than silently pick one, ask the user to say which.
    /// </summary>
    private static string? AmbiguousDayFields(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            return null; // a macro such as @daily
        var (dayOfMonth, dayOfWeek) = (fields[2], fields[4]);
        static bool Unrestricted(string f) => f is "*" or "?";
        static bool StarButRestricted(string f) => f.StartsWith('*') && !Unrestricted(f);

        if ((StarButRestricted(dayOfMonth) && !Unrestricted(dayOfWeek)) || (StarButRestricted(dayOfWeek) && !Unrestricted(dayOfMonth)))
        {
            return $"'{text}' is ambiguous: day-of-month '{dayOfMonth}' and day-of-week '{dayOfWeek}' are combined with AND by some crons and OR by others. " +
                   "Write the day-of-month as a list or range (e.g. '1-31/2') to fire when either matches, or restrict only one day field.";
        }
        return null;
    }
}
