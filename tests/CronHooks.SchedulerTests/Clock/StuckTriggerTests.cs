using CronHooks.Domain.Scheduling;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>Triggers Quartz keeps but would never fire (ERROR, PAUSED) are repaired by the reconcile.</summary>
[OwnDatabase, Parallelizable]
public sealed class StuckTriggerTests : SchedulerNodeTest
{
    [Test]
    public async Task Reconcile_WhenTriggersAreInErrorOrPaused_SetsThemWaitingAndTheyFire()
    {
        await StartNodeAsync();
        var errored = ClockTestData.SecondsFromNow(20);
        var paused = errored.AddSeconds(1);
        var erroredWebhook = await ClockTestData.InsertOnceAsync(Owner, errored);
        var pausedWebhook = await ClockTestData.InsertOnceAsync(Owner, paused);
        await Eventually.TrueAsync(async () => await ClockTestData.TriggerExistsAsync(ScheduleKey.ForInstant(errored))
            && await ClockTestData.TriggerExistsAsync(ScheduleKey.ForInstant(paused)), TimeSpan.FromSeconds(15), "both triggers stored");

        // What a job that could not be instantiated, or a pause by hand, leaves behind.
        await ClockTestData.ExecuteAsync("UPDATE quartz.qrtz_triggers SET trigger_state = 'ERROR' WHERE trigger_name = $1", ScheduleKey.ForInstant(errored));
        await ClockTestData.ExecuteAsync("UPDATE quartz.qrtz_triggers SET trigger_state = 'PAUSED' WHERE trigger_name = $1", ScheduleKey.ForInstant(paused));

        await Eventually.TrueAsync(async () => await ClockTestData.ExecutionCountAsync(erroredWebhook) == 1
            && await ClockTestData.ExecutionCountAsync(pausedWebhook) == 1, paused - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20),
            "both webhooks fired after the reconcile repaired their triggers");
        Assert.That(Nodes[0].Lines("would never fire; set waiting again").Count(), Is.EqualTo(2));
    }
}
