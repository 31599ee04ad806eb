using CronHooks.Domain.Scheduling;

namespace CronHooks.UnitTests.Domain;

public sealed class ScheduleKeyTests
{
    [Test]
    public void ForInstant_GroupsInstantsWithinTheSameSecondAndNeverFiresEarly()
    {
        var whole = new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.That(ScheduleKey.FireInstantFor(whole), Is.EqualTo(whole));
        Assert.That(ScheduleKey.FireInstantFor(whole.AddMilliseconds(1)), Is.EqualTo(whole.AddSeconds(1)));
        Assert.That(ScheduleKey.ForInstant(whole.AddMilliseconds(300)), Is.EqualTo(ScheduleKey.ForInstant(whole.AddMilliseconds(900))));
        Assert.That(ScheduleKey.ForInstant(whole), Is.Not.EqualTo(ScheduleKey.ForInstant(whole.AddMilliseconds(1))));
    }

    [Test]
    public void ForInstant_IsTheSameForTheSameInstantInAnyOffset()
    {
        var utc = new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.That(ScheduleKey.ForInstant(utc.ToOffset(TimeSpan.FromHours(5))), Is.EqualTo(ScheduleKey.ForInstant(utc)));
    }

    [Test]
    public void ForCron_DependsOnExpressionAndZoneButNotSpacing()
    {
        Assert.That(ScheduleKey.ForCron("0  9 * * *", "UTC"), Is.EqualTo(ScheduleKey.ForCron("0 9 * * *", "UTC")));
        Assert.That(ScheduleKey.ForCron("0 9 * * *", "UTC"), Is.Not.EqualTo(ScheduleKey.ForCron("0 9 * * *", "Europe/Berlin")));
        Assert.That(ScheduleKey.ForCron("0 9 * * *", "UTC"), Has.Length.LessThanOrEqualTo(ScheduleKey.MaxLength));
    }

    [Test]
    public void InstantOf_ReadsBackTheFireInstantOfAOneTimeKeyAndNothingFromACronKey()
    {
        var instant = new DateTimeOffset(2027, 3, 28, 1, 30, 0, 250, TimeSpan.FromHours(2));

        Assert.That(ScheduleKey.InstantOf(ScheduleKey.ForInstant(instant)), Is.EqualTo(ScheduleKey.FireInstantFor(instant)));
        Assert.That(ScheduleKey.InstantOf(ScheduleKey.ForCron("0 9 * * *", "UTC")), Is.Null);
        Assert.That(ScheduleKey.ForInstant(instant), Has.Length.LessThanOrEqualTo(ScheduleKey.MaxLength));
    }
}
