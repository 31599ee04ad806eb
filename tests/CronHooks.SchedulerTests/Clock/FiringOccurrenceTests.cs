using CronHooks.Scheduler.Clock;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

public sealed class FiringOccurrenceTests
{
    private static CronExpression Cron(string expression, string zone = "UTC") =>
        CronExpression.Parse(expression, CronFormat.Unix).WithTimeZone(TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Test]
    public void LatestCronOccurrence_WhenFiredOnTime_IsTheScheduledInstant()
    {
        var scheduled = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("0 9 * * *"), scheduled), Is.EqualTo(scheduled));
    }

    [Test]
    public void LatestCronOccurrence_AfterAMisfire_IsTheLastMissedOccurrence()
    {
        // FireAndProceed reports the moment of the late firing as its scheduled time.
        var lateFiring = new DateTimeOffset(2027, 3, 1, 9, 17, 42, 318, TimeSpan.Zero);

        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("*/5 * * * *"), lateFiring),
            Is.EqualTo(new DateTimeOffset(2027, 3, 1, 9, 15, 0, TimeSpan.Zero)));
        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("0 9 * * 1"), lateFiring.AddDays(3)),
            Is.EqualTo(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)), "a weekly schedule missed for days");
    }

    [Test]
    public void LatestCronOccurrence_ForARecoveredFiringKnownToTheSecond_IsTheOriginalOccurrence()
    {
        // Quartz keeps a recovered firing's original time as text, to the whole second.
        var original = DateTimeOffset.Parse("03/01/2027 09:00:00 +00:00", System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("0 9 * * *"), original),
            Is.EqualTo(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void LatestCronOccurrence_ForARareSchedule_LooksBackFarEnough()
    {
        var at = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("0 12 29 2 *"), at),
            Is.EqualTo(new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void LatestCronOccurrence_InAZone_IsTheZonesOccurrence()
    {
        var at = new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero);

        // 02:30 does not exist in New York that day: the occurrence is the end of the gap, 03:00 EDT.
        Assert.That(FiringOccurrence.LatestCronOccurrence(Cron("30 2 * * *", "America/New_York"), at),
            Is.EqualTo(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4))));
    }

    [Test]
    public void IntendedFireTime_ForARecovery_IsTheOriginalScheduledTimeNotTheDeadNodesFireTime()
    {
        var trigger = TriggerBuilder.Create().WithIdentity("recover_dead_1", SchedulerConstants.DefaultRecoveryGroup)
            .ForJob(ScheduleTriggers.EnqueueJob).StartNow().Build();
        var data = new JobDataMap { [SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime] = "03/01/2027 09:15:00 +00:00" };
        var recovery = new FakeFiring(trigger, new DateTimeOffset(2027, 3, 1, 9, 15, 0, 153, TimeSpan.Zero),
            new TriggerKey("cron-x", ScheduleTriggers.Group), data);

        Assert.That(FiringOccurrence.IntendedFireTime(recovery), Is.EqualTo(new DateTimeOffset(2027, 3, 1, 9, 15, 0, TimeSpan.Zero)));
    }

    [Test]
    public void IntendedFireTime_ForAnOrdinaryFiring_IsItsScheduledFireTime()
    {
        var scheduled = new DateTimeOffset(2027, 3, 1, 9, 15, 0, TimeSpan.Zero);
        var trigger = TriggerBuilder.Create().WithIdentity("cron-x", ScheduleTriggers.Group).ForJob(ScheduleTriggers.EnqueueJob).StartNow().Build();

        Assert.That(FiringOccurrence.IntendedFireTime(new FakeFiring(trigger, scheduled, null, new JobDataMap())), Is.EqualTo(scheduled));
    }
}
