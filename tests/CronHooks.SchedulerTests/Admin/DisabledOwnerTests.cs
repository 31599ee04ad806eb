using CronHooks.SchedulerTests.Clock;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Admin;

/// <summary>A real node and an owner an admin disables: what was due fires, what comes due after is recorded skipped.</summary>
[NonParallelizable]
public sealed class DisabledOwnerTests : SchedulerNodeTest
{
    [Test]
    public async Task DisableOwner_WhenOccurrencesAreDue_RecordsTheNextOnesSkippedWithinOneClockTick()
    {
        await StartNodeAsync("node");
        var before = await ClockTestData.InsertOnceAsync(Owner, ClockTestData.SecondsFromNow(1.5));
        var after = await ClockTestData.InsertOnceAsync(Owner, ClockTestData.SecondsFromNow(4.5));
        await Eventually.HoldsAsync(async () => await ErrorKindAsync(before) is not null, TimeSpan.FromSeconds(20),
            () => "the first occurrence never got an outcome");

        // What the admin endpoint writes (the API's own test shows the endpoint); the claim reads it per batch.
        await ClockTestData.ExecuteAsync("UPDATE users SET disabled_at = now() WHERE id = $1", Owner);
        var disabledAt = DateTimeOffset.UtcNow;

        await Eventually.HoldsAsync(async () => await ErrorKindAsync(after) == "owner_disabled", TimeSpan.FromSeconds(20),
            () => "the occurrence after the disable was not recorded skipped (owner_disabled)");
        Assert.That(await ErrorKindAsync(before), Is.Not.EqualTo("owner_disabled"), "the occurrence due before the disable was judged without it");
        var status = await TestDatabase.ScalarAsync<string>("SELECT lower(status) FROM all_executions WHERE webhook_id = $1", after);
        var recordedWithin = await TestDatabase.ScalarAsync<double>(
            "SELECT extract(epoch FROM finished_at - greatest(scheduled_for, $2))::float8 FROM all_executions WHERE webhook_id = $1", after, disabledAt);
        Assert.That(status, Is.EqualTo("skipped"));
        Assert.That(recordedWithin, Is.LessThan(2), "recorded skipped later than one clock tick after it came due");
    }

    /// <summary>The first attempt's error kind, "" for an outcome without one, null while it has none yet.</summary>
    private static async Task<string?> ErrorKindAsync(Guid webhookId) =>
        await TestDatabase.ScalarAsync<string>(
            "SELECT coalesce(error_kind, '') FROM all_executions WHERE webhook_id = $1 AND lower(status) NOT IN ('pending', 'running') LIMIT 1", webhookId);
}
