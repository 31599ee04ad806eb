using CronHooks.Domain.Scheduling;

namespace CronHooks.UnitTests.Domain;

public sealed class IntervalScheduleTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 1, 1, 0, 30, 0, TimeSpan.Zero);
    private static readonly IntervalSchedule Every90Minutes = new(5400, Anchor);

    [Test]
    public void Occurrences_WhenAskedAfterAnInstant_AreTheAnchorPlusWholeIntervals()
    {
        var runs = Every90Minutes.Occurrences(new DateTimeOffset(2026, 1, 2, 1, 0, 0, TimeSpan.Zero), 3);

        Assert.That(runs, Is.EqualTo(new[]
        {
            new DateTimeOffset(2026, 1, 2, 2, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 5, 0, 0, TimeSpan.Zero),
        }));
    }

    [Test]
    public void Occurrences_WhenTheAnchorIsAhead_StartAtTheAnchorAndHonourTheWindow()
    {
        var runs = Every90Minutes.Occurrences(Anchor.AddDays(-3), 10, startsAt: Anchor.AddMinutes(1), endsAt: Anchor.AddHours(6));

        Assert.That(runs, Is.EqualTo(new[] { Anchor.AddMinutes(90), Anchor.AddMinutes(180), Anchor.AddMinutes(270), Anchor.AddMinutes(360) }));
    }

    [Test]
    public void LatestAtOrBefore_WhenOnAnOccurrenceOrBetween_ReturnsTheOccurrenceNotAfterIt()
    {
        Assert.That(Every90Minutes.LatestAtOrBefore(Anchor.AddMinutes(180)), Is.EqualTo(Anchor.AddMinutes(180)));
        Assert.That(Every90Minutes.LatestAtOrBefore(Anchor.AddMinutes(179)), Is.EqualTo(Anchor.AddMinutes(90)));
        Assert.That(Every90Minutes.LatestAtOrBefore(Anchor.AddTicks(-1)), Is.Null);
    }

    [Test]
    public void ForInterval_WhenTheIntervalOrAnchorDiffers_NamesAnotherTrigger()
    {
        var key = ScheduleKey.ForInterval(5400, Anchor);

        Assert.That(ScheduleKey.IsInterval(key), Is.True);
        Assert.That(key, Has.Length.LessThanOrEqualTo(ScheduleKey.MaxLength));
        Assert.That(ScheduleKey.ForInterval(5400, Anchor.ToOffset(TimeSpan.FromHours(2))), Is.EqualTo(key), "an instant, whatever its offset");
        Assert.That(ScheduleKey.ForInterval(5460, Anchor), Is.Not.EqualTo(key));
        Assert.That(ScheduleKey.ForInterval(5400, Anchor.AddSeconds(1)), Is.Not.EqualTo(key));
        Assert.That(ScheduleKey.IsInterval(ScheduleKey.ForCron("0 * * * *", "UTC")), Is.False);
    }
}
