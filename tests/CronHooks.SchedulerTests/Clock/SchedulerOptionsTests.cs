using CronHooks.Scheduler.Clock;

namespace CronHooks.SchedulerTests.Clock;

public sealed class SchedulerOptionsTests
{
    [Test]
    public void Validate_WhenDefaults_Succeeds()
    {
        Assert.That(new SchedulerOptions().Problems(), Is.Empty);
    }

    [Test]
    public void Validate_WhenMisfireThresholdIsAMinuteOrMore_FailsNamingTheSetting()
    {
        var problems = new SchedulerOptions { MisfireThreshold = TimeSpan.FromSeconds(60) }.Problems();

        Assert.That(problems, Is.Not.Empty);
        Assert.That(string.Join(" ", problems), Does.Contain("Scheduler:MisfireThreshold"));
    }

    [TestCase(1500, false)]
    [TestCase(31_000, false)]
    [TestCase(-1000, false)]
    [TestCase(0, true)]
    [TestCase(30_000, true)]
    public void Validate_CronLead_TakesWholeSecondsUpToThirty(int milliseconds, bool valid)
    {
        var problems = new SchedulerOptions { CronLead = TimeSpan.FromMilliseconds(milliseconds) }.Problems();

        Assert.That(problems, valid ? Is.Empty : Is.Not.Empty);
        if (!valid)
            Assert.That(string.Join(" ", problems), Does.Contain("Scheduler:CronLead"));
    }

    [Test]
    public void Validate_WhenCountsAreNotPositive_Fails()
    {
        var problems = new SchedulerOptions
        {
            ThreadPoolSize = 0, BatchSize = 0, OutboxBatchSize = 0, OutboxReconcileThreshold = 0, ReconcilePageSize = 0,
        }.Problems();

        Assert.That(problems, Has.Count.EqualTo(5));
    }
}
