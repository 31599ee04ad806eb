using CronHooks.Infrastructure.Scheduling;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// A real node fires a real cron trigger: the occurrence it queues is the one the preview promised, queued before its
/// instant (the clock's lead) and sent no earlier than it; a webhook cancelled inside the lead is skipped, not sent.
/// Costs up to a minute (cron's granularity), so there is one.
/// </summary>
[OwnDatabase, Parallelizable]
public sealed class RecurringFiringTests
{
    // Long enough for the test to act inside it on a loaded machine; production's default is 1 s.
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RecurringWebhook_IsQueuedBeforeThePromisedOccurrenceAndSentNoEarlier()
    {
        await ClockTestData.ResetAsync();
        var owner = await ClockTestData.CreateUserAsync();
        var kept = await ClockTestData.InsertCronAsync(owner, "* * * * *", "Europe/Berlin");
        var cancelled = await ClockTestData.InsertCronAsync(owner, "* * * * *", "Europe/Berlin");
        // What GET /schedules/preview and /upcoming answer for this expression right now.
        var promised = new QuartzScheduleCalculator(TimeProvider.System)
            .Occurrences("* * * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), DateTimeOffset.UtcNow, 1)[0];
        if (promised - DateTimeOffset.UtcNow < Lead + TimeSpan.FromSeconds(15))
            promised = promised.AddMinutes(1); // too close to start a node before its lead; the node fires the next one

        await using var node = await SchedulerNodes.StartAsync(TestDatabase.ConnectionString,
            new Dictionary<string, string> { ["Scheduler__CronLead"] = Lead.ToString() }, name: "recurring");
        await Eventually.HoldsAsync(
            async () => await QueuedAsync(promised) == 2,
            promised - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20),
            () => $"the occurrence {promised:O} was not queued for both webhooks; node output:\n{node.Output}");
        // In one statement: the instant has not come yet, and no node holds the rows.
        var waitingUnclaimed = await TestDatabase.ScalarAsync<bool>(
            "SELECT now() < $1 AND NOT EXISTS (SELECT 1 FROM execution_queue WHERE scheduled_for = $1 AND lease_owner IS NOT NULL)",
            promised.ToUniversalTime());
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET is_active = false WHERE id = $1", cancelled);

        await Eventually.HoldsAsync(
            async () => await TestDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM executions WHERE scheduled_for = $1 AND attempt_number = 1", promised.ToUniversalTime()) == 2,
            TimeSpan.FromSeconds(40), () => $"the first attempts were not recorded; node output:\n{node.Output}");
        var sentEarly = await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM executions WHERE webhook_id = $1 AND scheduled_for = $2 AND attempt_number = 1 AND executed_at < scheduled_for",
            kept, promised.ToUniversalTime());
        var sentKept = await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM executions WHERE webhook_id = $1 AND scheduled_for = $2 AND executed_at IS NOT NULL", kept, promised.ToUniversalTime());
        var skipped = await TestDatabase.ScalarAsync<string>(
            "SELECT status || '/' || error_kind FROM executions WHERE webhook_id = $1 AND scheduled_for = $2", cancelled, promised.ToUniversalTime());

        Assert.Multiple(() =>
        {
            Assert.That(waitingUnclaimed, Is.True, "queued before the occurrence's instant and not claimed before it");
            Assert.That(sentKept, Is.GreaterThan(0), "the kept webhook's attempt was sent");
            Assert.That(sentEarly, Is.Zero, "sent before the instant");
            Assert.That(skipped, Is.EqualTo("Skipped/webhook_cancelled"), "cancelled inside the lead");
        });
    }

    private static Task<long> QueuedAsync(DateTimeOffset occurrence) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE scheduled_for = $1", occurrence.ToUniversalTime());
}
