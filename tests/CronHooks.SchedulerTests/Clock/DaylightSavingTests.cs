using System.Globalization;
using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure;
using CronHooks.Scheduler.Clock;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Daylight saving as promised in docs/schedules.md, checked three ways that must agree: the trigger the
/// scheduler fires with, the calculator behind nextRunAt/upcoming/preview, and Cronos as an outside oracle.
/// </summary>
public sealed class DaylightSavingTests
{
    // The trigger fires this much before each occurrence (the clock's default lead).
    private static readonly TimeSpan Lead = new SchedulerOptions().CronLead;

    private static readonly IScheduleCalculator Calculator = new ServiceCollection()
        .AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CronHooks"] = "Host=127.0.0.1;Database=unused",
        }).Build())
        .BuildServiceProvider()
        .GetRequiredService<IScheduleCalculator>();

    public static IEnumerable<TestCaseData> Cases()
    {
        // America/New_York 2026: clocks spring forward 03-08 02:00 -> 03:00, fall back 11-01 02:00 -> 01:00.
        yield return Case("America/New_York", "30 2 * * *", "2026-03-07T00:00-05:00",
            "2026-03-07T02:30-05:00", "2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00").SetName("NewYork_SpringGap_FiresAtTheEndOfTheGap");
        yield return Case("America/New_York", "0,30 2 * * *", "2026-03-08T00:00-05:00",
            "2026-03-08T03:00-04:00", "2026-03-09T02:00-04:00").SetName("NewYork_SpringGap_SwallowedTimesFireOnce");
        yield return Case("America/New_York", "*/15 * * * *", "2026-03-08T01:20-05:00",
            "2026-03-08T01:30-05:00", "2026-03-08T01:45-05:00", "2026-03-08T03:00-04:00", "2026-03-08T03:15-04:00").SetName("NewYork_SpringGap_SteppingSkipsTheGap");
        yield return Case("America/New_York", "30 1 * * *", "2026-10-31T12:00-04:00",
            "2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00").SetName("NewYork_FallRepeat_FixedTimeFiresOnceInTheFirstPass");
        yield return Case("America/New_York", "*/15 * * * *", "2026-11-01T00:50-04:00",
            "2026-11-01T01:00-04:00", "2026-11-01T01:15-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:45-04:00",
            "2026-11-01T01:00-05:00", "2026-11-01T01:15-05:00", "2026-11-01T01:30-05:00", "2026-11-01T01:45-05:00",
            "2026-11-01T02:00-05:00").SetName("NewYork_FallRepeat_SteppingFiresInBothPasses");
        yield return Case("America/New_York", "0 * * * *", "2026-11-01T00:30-04:00",
            "2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00").SetName("NewYork_FallRepeat_HourlyFiresInBothPasses");

        // Europe/Berlin 2026: 03-29 02:00 -> 03:00, 10-25 03:00 -> 02:00.
        yield return Case("Europe/Berlin", "30 2 * * *", "2026-03-28T12:00+01:00",
            "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00").SetName("Berlin_SpringGap_FiresAtTheEndOfTheGap");
        yield return Case("Europe/Berlin", "30 2 * * *", "2026-10-24T12:00+02:00",
            "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00").SetName("Berlin_FallRepeat_FixedTimeFiresOnceInTheFirstPass");
        yield return Case("Europe/Berlin", "0 * * * *", "2026-10-25T01:30+02:00",
            "2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00").SetName("Berlin_FallRepeat_HourlyFiresInBothPasses");

        // Australia/Lord_Howe 2026, a 30-minute shift: 04-05 02:00 -> 01:30, 10-04 02:00 -> 02:30.
        yield return Case("Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00+10:30",
            "2026-10-04T02:30+11:00", "2026-10-05T02:15+11:00").SetName("LordHowe_SpringGap_FiresAtTheEndOfTheGap");
        yield return Case("Australia/Lord_Howe", "0 * * * *", "2026-10-04T00:30+10:30",
            "2026-10-04T01:00+10:30", "2026-10-04T02:30+11:00", "2026-10-04T03:00+11:00").SetName("LordHowe_SpringGap_HourlyMovesIntoTheGapEnd");
        yield return Case("Australia/Lord_Howe", "45 1 * * *", "2026-04-04T12:00+11:00",
            "2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30").SetName("LordHowe_FallRepeat_FixedTimeFiresOnceInTheFirstPass");
        yield return Case("Australia/Lord_Howe", "*/15 * * * *", "2026-04-05T01:20+11:00",
            "2026-04-05T01:30+11:00", "2026-04-05T01:45+11:00", "2026-04-05T01:30+10:30", "2026-04-05T01:45+10:30",
            "2026-04-05T02:00+10:30").SetName("LordHowe_FallRepeat_SteppingFiresInBothPasses");

        // Asia/Tokyo has no daylight saving: the same wall time every day of the year.
        yield return Case("Asia/Tokyo", "30 2 * * *", "2026-03-07T00:00+09:00",
            "2026-03-07T02:30+09:00", "2026-03-08T02:30+09:00", "2026-03-09T02:30+09:00").SetName("Tokyo_NoDaylightSaving_SameWallTime");
        yield return Case("Asia/Tokyo", "0 * * * *", "2026-11-01T00:30+09:00",
            "2026-11-01T01:00+09:00", "2026-11-01T02:00+09:00", "2026-11-01T03:00+09:00").SetName("Tokyo_NoDaylightSaving_HourlyEveryHour");
    }

    [TestCaseSource(nameof(Cases))]
    public void Trigger_FiresAtTheDocumentedLocalTimes(string zoneId, string cron, string after, string[] expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var trigger = ScheduleTriggers.Cron("dst", cron, zone, Lead, Parse(after));

        Assert.That(Local(FiredFor(trigger, Parse(after), expected.Length), zone), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Calculator_PreviewsTheDocumentedLocalTimes(string zoneId, string cron, string after, string[] expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        Assert.That(Local(Calculator.Occurrences(cron, zone, Parse(after), expected.Length), zone), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Cronos_AgreesAsAnOutsideOracle(string zoneId, string cron, string after, string[] expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var occurrences = Cronos.CronExpression.Parse(cron)
            .GetOccurrences(Parse(after).UtcDateTime, Parse(after).UtcDateTime.AddYears(1), zone, fromInclusive: false)
            .Take(expected.Length)
            .Select(o => new DateTimeOffset(o, TimeSpan.Zero));

        Assert.That(Local(occurrences, zone), Is.EqualTo(expected));
    }

    /// <summary>What fires is what the preview promised, window included, for schedules across a whole year.</summary>
    [TestCase("America/New_York", "*/20 0-3 * * *")]
    [TestCase("Europe/Berlin", "30 2 * * 0")]
    [TestCase("Australia/Lord_Howe", "0,15,30,45 1-2 * * *")]
    [TestCase("Asia/Tokyo", "0 9 L * *")]
    [TestCase("UTC", "0 12 * * 1-5")]
    [TestCase("America/New_York", "0 0 13 * 5")]
    [TestCase("Europe/Berlin", "0 0 1 * *")]
    [TestCase("Europe/Berlin", "0 0 1 7 *")]
    [TestCase("UTC", "59 23 L * *")]
    public void Preview_EqualsWhatTheTriggerFires_WithinTheWindow(string zoneId, string cron)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var startsAt = now.AddDays(40);
        var endsAt = now.AddDays(320);

        var preview = Calculator.Occurrences(cron, zone, now, 100, startsAt, endsAt);
        // The trigger is shared by every webhook on the schedule; the window is applied when it fires.
        var fired = FiredFor(ScheduleTriggers.Cron("p", cron, zone, Lead, now), now, 5000)
            .Where(t => t >= startsAt && t <= endsAt).Take(100);

        Assert.That(preview, Is.Not.Empty);
        Assert.That(preview, Is.EqualTo(fired));
    }

    private static TestCaseData Case(string zone, string cron, string after, params string[] expected) =>
        new(zone, cron, after, expected);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The occurrences after <paramref name="after"/> the trigger fires for: each firing is its lead ahead of one.</summary>
    private static List<DateTimeOffset> FiredFor(ITrigger trigger, DateTimeOffset after, int count)
    {
        var occurrences = new List<DateTimeOffset>();
        var cursor = after - Lead;
        while (occurrences.Count < count && trigger.GetFireTimeAfter(cursor) is { } next)
        {
            occurrences.Add(next + Lead);
            cursor = next;
        }
        return occurrences;
    }

    private static string[] Local(IEnumerable<DateTimeOffset> instants, TimeZoneInfo zone) =>
        instants.Select(i => TimeZoneInfo.ConvertTime(i, zone).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture)).ToArray();
}
