using CronHooks.Domain.Scheduling;

namespace CronHooks.UnitTests.Domain;

public sealed class RetryPolicyTests
{
    [TestCase(1, 60, 60)]
    [TestCase(2, 60, 120)]
    [TestCase(3, 60, 240)]
    [TestCase(4, 10, 80)]
    public void DelayAfter_DoublesTheBaseDelayPerAttempt(int attempt, int baseSeconds, int expectedSeconds)
    {
        Assert.That(RetryPolicy.DelayAfter(attempt, baseSeconds), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [Test]
    public void DelayAfter_WhenReceiverAsksForLonger_WaitsAtLeastThat()
    {
        Assert.That(RetryPolicy.DelayAfter(1, 60, TimeSpan.FromMinutes(5)), Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(RetryPolicy.DelayAfter(3, 60, TimeSpan.FromSeconds(5)), Is.EqualTo(TimeSpan.FromSeconds(240)));
    }

    [Test]
    public void DelayAfter_NeverExceedsADay()
    {
        Assert.That(RetryPolicy.DelayAfter(10, 86_400), Is.EqualTo(TimeSpan.FromHours(24)));
        Assert.That(RetryPolicy.DelayAfter(1, 1, TimeSpan.FromDays(3)), Is.EqualTo(TimeSpan.FromHours(24)));
    }

    [TestCase(1, 3, true)]
    [TestCase(3, 3, true)]
    [TestCase(4, 3, false)]
    [TestCase(1, 0, false)]
    public void ShouldRetry_AllowsMaxRetriesAfterTheFirstAttempt(int attempt, int maxRetries, bool expected)
    {
        Assert.That(RetryPolicy.ShouldRetry(attempt, maxRetries), Is.EqualTo(expected));
    }

    [Test]
    public void DelayAfter_WithItsOwnFirstDelayAndCap_DoublesHonoursRetryAfterAndStopsAtTheCap()
    {
        var first = TimeSpan.FromSeconds(10);
        var cap = TimeSpan.FromHours(1);
        Assert.Multiple(() =>
        {
            Assert.That(RetryPolicy.DelayAfter(1, first, cap), Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(RetryPolicy.DelayAfter(4, first, cap), Is.EqualTo(TimeSpan.FromSeconds(80)));
            Assert.That(RetryPolicy.DelayAfter(20, first, cap), Is.EqualTo(cap));
            Assert.That(RetryPolicy.DelayAfter(1, first, cap, TimeSpan.FromMinutes(2)), Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(RetryPolicy.DelayAfter(1, first, cap, TimeSpan.FromHours(5)), Is.EqualTo(cap));
        });
    }
}
