using CronHooks.Scheduler.Clock;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>What the clock looks at after an outage: bounded, whatever the outage's length.</summary>
public sealed class MissedOccurrenceGapTests
{
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 8, 9, 0, 0, TimeSpan.Zero);

    private static CronExpression Cron(string expression) => CronExpression.Parse(expression, CronFormat.Unix).WithTimeZone(TimeZoneInfo.Utc);

    [Test]
    public void Gap_AfterAWeekLongOutageOfAMinutelySchedule_KeepsTheLatest99AndCountsTheRest()
    {
        var (gap, older, _) = MissedOccurrences.Gap(Cron("* * * * *"), Occurrence.AddDays(-7), Occurrence);

        Assert.That(gap, Has.Count.EqualTo(99), "with the occurrence itself, 100 looked at");
        Assert.That((gap[0], gap[^1]), Is.EqualTo((Occurrence.AddMinutes(-99), Occurrence.AddMinutes(-1))));
        Assert.That(older, Is.EqualTo(7 * 24 * 60 - 1 - 99), "every other minute in between is counted");
    }

    [Test]
    public void Gap_WhenTheWatermarkIsThePreviousOccurrence_IsEmpty()
    {
        var (gap, older, _) = MissedOccurrences.Gap(Cron("*/5 * * * *"), Occurrence.AddMinutes(-5), Occurrence);

        Assert.That((gap.Count, older), Is.EqualTo((0, 0)));
    }
}
