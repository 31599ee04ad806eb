using CronHooks.Scheduler.Clock;

namespace CronHooks.SchedulerTests.Clock;

public sealed class SchedulerOptionsTests
{
    private readonly SchedulerOptionsValidator validator = new();

    [Test]
    public void Validate_WhenDefaults_Succeeds()
    {
        Assert.That(validator.Validate(null, new SchedulerOptions()).Succeeded, Is.True);
    }

    [Test]
    public void Validate_WhenMisfireThresholdIsAMinuteOrMore_FailsNamingTheSetting()
    {
        var result = validator.Validate(null, new SchedulerOptions { MisfireThreshold = TimeSpan.FromSeconds(60) });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Scheduler:MisfireThreshold"));
    }

    [TestCase(1500, false)]
    [TestCase(31_000, false)]
    [TestCase(-1000, false)]
    [TestCase(0, true)]
    [TestCase(30_000, true)]
    public void Validate_CronLead_TakesWholeSecondsUpToThirty(int milliseconds, bool valid)
    {
        var result = validator.Validate(null, new SchedulerOptions { CronLead = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.That(result.Succeeded, Is.EqualTo(valid));
        if (!valid)
            Assert.That(result.FailureMessage, Does.Contain("Scheduler:CronLead"));
    }

    [Test]
    public void Validate_WhenCountsAreNotPositive_Fails()
    {
        var result = validator.Validate(null, new SchedulerOptions
        {
            ThreadPoolSize = 0, BatchSize = 0, OutboxBatchSize = 0, OutboxReconcileThreshold = 0, ReconcilePageSize = 0,
        });

        Assert.That(result.Failures!.Count(), Is.EqualTo(5));
    }
}
