using CronHooks.Domain.Scheduling;
using CronHooks.Infrastructure.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace CronHooks.UnitTests.Scheduling;

public sealed class QuartzScheduleCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly QuartzScheduleCalculator calculator = new(new FakeTimeProvider(Now));

    [TestCase("* * * * *")]
    [TestCase("0 9 * * MON-FRI")]
    [TestCase("0 0 * * 0")]
    [TestCase("0 0 * * 7")]
    [TestCase("0 0 L * *")]
    [TestCase("0 0 15W * *")]
    [TestCase("0 12 * * 5#2")]
    [TestCase("@yearly")]
    [TestCase("@annually")]
    [TestCase("@monthly")]
    [TestCase("@weekly")]
    [TestCase("@daily")]
    [TestCase("@midnight")]
    [TestCase("@hourly")]
    [TestCase("0 0 1-31/2 * 1")]
    public void Validate_AcceptsStandardCron(string cron)
    {
        Assert.That(calculator.Validate(cron, TimeZoneInfo.Utc), Is.Null);
    }

    [TestCase("0 0 */2 * 1", "ambiguous")]
    [TestCase("0 0 1 * */2", "ambiguous")]
    [TestCase("0 0 30 2 *", "never fires")]
    [TestCase("60 * * * *", "not a valid cron")]
    [TestCase("0 0 * * * *", "not a valid cron")]
    [TestCase("hello", "not a valid cron")]
    public void Validate_RejectsWithAReason(string cron, string reason)
    {
        Assert.That(calculator.Validate(cron, TimeZoneInfo.Utc), Does.Contain(reason));
    }

    [Test]
    public void Occurrences_WhenBothDayFieldsRestricted_FiresWhenEitherMatches()
    {
        var fridays13 = calculator.Occurrences("0 0 13 * 5", TimeZoneInfo.Utc, Now, 4);

        // January 2027 starts on a Friday (excluded: strictly after); the 13th is a Wednesday.
        Assert.That(fridays13.Select(o => o.Day), Is.EqualTo(new[] { 8, 13, 15, 22 }));
    }

    [Test]
    public void Occurrences_DayOfWeekZeroAndSevenAreSunday()
    {
        var zero = calculator.Occurrences("0 0 * * 0", TimeZoneInfo.Utc, Now, 3);
        var seven = calculator.Occurrences("0 0 * * 7", TimeZoneInfo.Utc, Now, 3);

        Assert.That(zero, Is.EqualTo(seven));
        Assert.That(zero, Has.All.Matches<DateTimeOffset>(o => o.DayOfWeek == DayOfWeek.Sunday));
    }

    [Test]
    public void Occurrences_MatchCronosWhereBothEnginesAgree()
    {
        var zone = TimeZones.Find("Europe/Berlin");
        foreach (var cron in new[] { "*/7 * * * *", "0 9 * * MON-FRI", "30 2 * * *", "0 0 L * *", "15 1 * 3,10 0" })
        {
            var ours = calculator.Occurrences(cron, zone, Now, 50);
            var cronos = Cronos.CronExpression.Parse(cron).GetOccurrences(Now.UtcDateTime, Now.UtcDateTime.AddYears(10), zone, fromInclusive: false)
                .Take(50).Select(o => new DateTimeOffset(o, TimeSpan.Zero));

            Assert.That(ours.Select(o => o.UtcDateTime), Is.EqualTo(cronos.Select(o => o.UtcDateTime)), cron);
        }
    }

    [Test]
    public void Occurrences_HonourTheWindow()
    {
        var startsAt = Now.AddHours(2).AddMinutes(30);
        var endsAt = Now.AddHours(5);

        var occurrences = calculator.Occurrences("0 * * * *", TimeZoneInfo.Utc, Now, 10, startsAt, endsAt);

        Assert.That(occurrences.Select(o => o.Hour), Is.EqualTo(new[] { 3, 4, 5 }));
    }
}
