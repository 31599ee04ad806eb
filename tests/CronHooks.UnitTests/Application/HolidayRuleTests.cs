using CronHooks.Application.Calendars.Common;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Scheduling;

namespace CronHooks.UnitTests.Application;

public sealed class HolidayRuleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");
    private static readonly LibraryPublicHolidays PublicHolidays = new();

    private static HolidayRule Rule(params Calendar[] calendars) => new(calendars, PublicHolidays);

    private static Calendar Calendar(string name, string zone, string? country, params string[] dates) => new()
    {
        Id = Guid.NewGuid(), Name = name, TimeZone = zone, Country = country,
        Dates = [.. dates.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture))],
    };

    private static DateTimeOffset BerlinTime(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    [Test]
    public void DayOff_WhenTheDateIsOffOnlyInTheCalendarsZone_ReadsTheDateThere()
    {
        // 23:30 UTC on 24 Dec is already the 25th in Tokyo, and still the 24th in UTC.
        var instant = new DateTimeOffset(2026, 12, 24, 23, 30, 0, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(Rule(Calendar("Tokyo", "Asia/Tokyo", null, "2026-12-25")).DayOff(instant)?.Date, Is.EqualTo(new DateOnly(2026, 12, 25)));
            Assert.That(Rule(Calendar("UTC", "UTC", null, "2026-12-25")).DayOff(instant), Is.Null);
        });
    }

    [Test]
    public void Decide_WhenTheCountrysHolidayFallsOnTheOccurrence_SkipsNamingTheCalendarAndDate()
    {
        var decision = Rule(Calendar("Germany", "Europe/Berlin", "DE")).Decide(BerlinTime(2026, 10, 3, 9), OnHoliday.Skip, Berlin, _ => false);

        Assert.That(decision.RunAt, Is.Null);
        Assert.That(decision.SkipReason, Does.Contain("'Germany'").And.Contain("2026-10-03"));
    }

    [Test]
    public void Decide_WhenTheNextDaysAreWeekendAndDaysOffInAnyCalendar_MovesPastThemKeepingTheLocalTime()
    {
        // Fri 25 Dec (DE), weekend, Mon 28 Dec (second calendar) → Tue 29 Dec at 07:15 Berlin time.
        var rule = Rule(Calendar("Germany", "Europe/Berlin", "DE"), Calendar("Office", "Europe/Berlin", null, "2026-12-28"));

        var decision = rule.Decide(BerlinTime(2026, 12, 25, 7, 15), OnHoliday.NextBusinessDay, Berlin, _ => false);

        Assert.That(decision.RunAt, Is.EqualTo(BerlinTime(2026, 12, 29, 7, 15)));
    }

    [Test]
    public void Decide_WhenMovingAcrossAClockChange_KeepsTheWallClockTime()
    {
        // Fri 27 Mar 2026 off; the clocks go forward on Sunday 29 Mar; Monday 30 Mar 09:00 is CEST.
        var decision = Rule(Calendar("Office", "Europe/Berlin", null, "2026-03-27"))
            .Decide(BerlinTime(2026, 3, 27, 9), OnHoliday.NextBusinessDay, Berlin, _ => false);

        Assert.That(decision.RunAt, Is.EqualTo(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.FromHours(2))));
    }

    [Test]
    public void Decide_WhenTheScheduleRunsOnTheNextBusinessDay_SkipsRatherThanRunningTwice()
    {
        var decision = Rule(Calendar("Office", "Europe/Berlin", null, "2026-12-24"))
            .Decide(BerlinTime(2026, 12, 24, 9), OnHoliday.NextBusinessDay, Berlin, date => date == new DateOnly(2026, 12, 25));

        Assert.That(decision.RunAt, Is.Null);
        Assert.That(decision.SkipReason, Does.Contain("2026-12-25"));
    }

    [TestCase("de", true)]
    [TestCase("US", true)]
    [TestCase("XX", false)]
    [TestCase("PO", false)]
    [TestCase("DEU", false)]
    public void IsSupported_TakesTwoLetterIsoCodesTheLibraryKnows(string country, bool supported) =>
        Assert.That(PublicHolidays.IsSupported(country), Is.EqualTo(supported));
}
