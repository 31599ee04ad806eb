using System.Globalization;
using Calendar = CronHooks.Domain.Calendars.Calendar;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Calendars.Common;

/// <summary>What fires instead of an occurrence: <paramref name="RunAt"/> (the occurrence itself, or moved), or nothing and why.</summary>
public sealed record HolidayDecision(DateTimeOffset? RunAt, string? SkipReason)
{
    public static HolidayDecision Run(DateTimeOffset at) => new(at, null);

    public static HolidayDecision Skip(string reason) => new(null, reason);
}

/// <summary>
/// The days off of a webhook's calendars and what they do to its occurrences: the one home of the rule, used alike by
/// the delivery engine, the upcoming runs and the preview, so what they show is what fires.
/// </summary>
public sealed class HolidayRule(IEnumerable<Calendar> calendars, IPublicHolidays publicHolidays)
{
    /// <summary>How far a move to the next business day looks before it gives up (a calendar of a whole year off).</summary>
    public const int MaxDaysAhead = 366;

    private readonly IReadOnlyList<(Calendar Calendar, TimeZoneInfo Zone, HashSet<DateOnly> Dates)> calendars =
        calendars.Select(c => (c, TimeZones.Find(c.TimeZone), c.Dates.ToHashSet())).ToList();

    /// <summary>The first calendar in which <paramref name="instant"/>'s local date (in that calendar's zone) is a day off.</summary>
    public (Calendar Calendar, DateOnly Date)? DayOff(DateTimeOffset instant)
    {
        foreach (var (calendar, zone, dates) in calendars)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
            if (dates.Contains(date) || (calendar.Country is { } country && publicHolidays.IsPublicHoliday(country, date)))
                return (calendar, date);
        }
        return null;
    }

    /// <summary>
    /// What happens to <paramref name="occurrence"/> of a schedule in <paramref name="zone"/>. A business day is Monday to
    /// Friday in <paramref name="zone"/> and a day off in none of the calendars; a moved occurrence keeps its local time.
    /// <paramref name="scheduleRunsOn"/> says whether the schedule has an occurrence of its own on a local date: a move
    /// onto such a day is dropped, so a holiday never makes a webhook run twice in a day.
    /// </summary>
    public HolidayDecision Decide(DateTimeOffset occurrence, OnHoliday policy, TimeZoneInfo zone, Func<DateOnly, bool> scheduleRunsOn)
    {
        if (DayOff(occurrence) is not { } off)
            return HolidayDecision.Run(occurrence);
        var dayOff = $"{off.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is a day off in calendar '{off.Calendar.Name}'";
        if (policy == OnHoliday.Skip)
            return HolidayDecision.Skip($"Not sent: {dayOff} (onHoliday: skip).");

        var local = TimeZoneInfo.ConvertTime(occurrence, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 1; i <= MaxDaysAhead; i++)
        {
            var date = day.AddDays(i);
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                continue;
            var moved = AtLocal(date, time, zone);
            if (DayOff(moved) is not null)
                continue;
            return scheduleRunsOn(date)
                ? HolidayDecision.Skip(
                    $"Not sent: {dayOff}; the next business day, {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, has an occurrence of its own, so it is not run twice (onHoliday: nextBusinessDay).")
                : HolidayDecision.Run(moved);
        }
        return HolidayDecision.Skip($"Not sent: {dayOff}, and no business day follows within {MaxDaysAhead} days (onHoliday: nextBusinessDay).");
    }

    /// <summary>A local date and time in <paramref name="zone"/> as an instant; a time the clocks skip moves on by their jump.</summary>
    private static DateTimeOffset AtLocal(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        if (zone.IsInvalidTime(local))
            local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
