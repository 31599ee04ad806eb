namespace CronHooks.Application.Common.Ports;

/// <summary>
/// Parses, validates and computes cron schedules with the same engine the scheduler fires them with,
/// so what the API promises (validation, nextRunAt, previews) is what happens.
/// </summary>
public interface IScheduleCalculator
{
    /// <summary>Null when <paramref name="cronExpression"/> is valid and can fire; otherwise why not, in words a user can act on.</summary>
    string? Validate(string cronExpression, TimeZoneInfo timeZone);

    /// <summary>
    /// The shortest gap between two consecutive occurrences of a valid expression, over enough occurrences to cover a
    /// whole firing day and the turn to the next (where a gap like 23:59 → 00:00 hides); null when it fires at most once.
    /// </summary>
    TimeSpan? ShortestInterval(string cronExpression, TimeZoneInfo timeZone);

    /// <summary>Up to <paramref name="count"/> occurrences strictly after <paramref name="after"/>, within the optional window.</summary>
    IReadOnlyList<DateTimeOffset> Occurrences(
        string cronExpression, TimeZoneInfo timeZone, DateTimeOffset after, int count,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null);
}
