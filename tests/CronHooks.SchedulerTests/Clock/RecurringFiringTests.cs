using CronHooks.Infrastructure.Scheduling;
using CronHooks.SchedulerTests.Harness;
using CronHooks.TestSupport;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// A real node fires a real cron trigger: the occurrence it enqueues is the one the preview promised,
/// and it is enqueued at that instant. Costs up to a minute (cron's granularity), so there is one.
/// </summary>
[NonParallelizable]
public sealed class RecurringFiringTests
{
    [Test]
    public async Task RecurringWebhook_IsEnqueuedAtTheOccurrenceThePreviewPromised()
    {
        await ClockTestData.ResetAsync();
        var owner = await ClockTestData.CreateUserAsync();
        var webhook = await ClockTestData.InsertCronAsync(owner, "* * * * *", "Europe/Berlin");
        // What GET /schedules/preview and /upcoming answer for this expression right now.
        var promised = new QuartzScheduleCalculator(TimeProvider.System)
            .Occurrences("* * * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), DateTimeOffset.UtcNow, 1)[0];
        if (promised - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(15))
            promised = promised.AddMinutes(1); // too close to start a node before it; the node fires the next one

        await using var node = await SchedulerProcess.StartAsync(TestDatabase.ConnectionString, name: "recurring");
        await Eventually.HoldsAsync(
            async () => (await ClockTestData.ExecutionsAsync(webhook)).Any(e => e.ScheduledFor == promised.ToUniversalTime().ToString("O")),
            promised - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20),
            () => $"no attempt for {promised:O}; node output:\n{node.Output}");

        var enqueuedLate = await TestDatabase.ScalarAsync<double>(
            "SELECT extract(epoch FROM created_at - scheduled_for)::float8 FROM all_executions WHERE webhook_id = $1 AND scheduled_for = $2",
            webhook, promised.ToUniversalTime());
        Assert.That(enqueuedLate, Is.InRange(0, 2), "seconds between the occurrence and its enqueue");
    }
}
