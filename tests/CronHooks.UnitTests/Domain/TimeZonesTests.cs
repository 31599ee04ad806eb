using CronHooks.Domain.Scheduling;

namespace CronHooks.UnitTests.Domain;

public sealed class TimeZonesTests
{
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York");

    [Test]
    public void TryResolveLocal_WhenTimeIsInSpringForwardGap_Fails()
    {
        Assert.That(TimeZones.TryResolveLocal(new DateTime(2027, 3, 14, 2, 30, 0), NewYork, out _), Is.False);
    }

    [Test]
    public void TryResolveLocal_WhenTimeRepeatsAtFallBack_TakesTheFirstPass()
    {
        Assert.That(TimeZones.TryResolveLocal(new DateTime(2027, 11, 7, 1, 30, 0), NewYork, out var instant), Is.True);

        Assert.That(instant, Is.EqualTo(new DateTimeOffset(2027, 11, 7, 5, 30, 0, TimeSpan.Zero))); // 01:30 EDT (-4)
    }

    [TestCase("UTC", true)]
    [TestCase("Europe/Berlin", true)]
    [TestCase("Australia/Lord_Howe", true)]
    [TestCase("Mars/Olympus", false)]
    [TestCase("", false)]
    public void TryFind_AcceptsIanaIds(string id, bool expected)
    {
        Assert.That(TimeZones.TryFind(id, out _), Is.EqualTo(expected));
    }
}
