using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>Nodes whose clocks disagree with the database's: every decision about when is taken on the database's clock.</summary>
[NonParallelizable]
public sealed class ClockSkewTests : SchedulerNodeTest
{
    [Test]
    public async Task NodesHalfAMinuteOffEitherWay_FireOnTheDatabasesTime_DropNoSkipWebhook_AndNeverTakeEachOtherForDead()
    {
        var ahead = await StartNodeAsync("ahead", FakeWallClock.Offset("+30s"));
        var behind = await StartNodeAsync("behind", FakeWallClock.Offset("-30s"));
        var start = ClockTestData.SecondsFromNow(6);
        var webhooks = new List<(Guid Id, DateTimeOffset At)>();
        for (var i = 0; i < 8; i++)
        {
            var at = start.AddSeconds(i);
            webhooks.Add((await ClockTestData.InsertOnceAsync(Owner, at, MissedRunPolicy.Skip), at));
        }

        var last = webhooks.Max(w => w.At);
        await Eventually.HoldsAsync(
            async () => await TestDatabase.ScalarAsync<long>("SELECT count(DISTINCT webhook_id) FROM all_executions") == webhooks.Count,
            last - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45), () => "not every skip webhook got its occurrence");

        foreach (var (id, at) in webhooks)
        {
            // Queued when its instant came by the database's clock: one-time occurrences fire half a second ahead.
            var queuedAt = await TestDatabase.ScalarAsync<DateTime>("SELECT min(created_at) FROM all_executions WHERE webhook_id = $1", id);
            Assert.That(await ClockTestData.ExecutionCountAsync(id), Is.EqualTo(1), $"webhook due {at:O}: once");
            Assert.That(new DateTimeOffset(queuedAt, TimeSpan.Zero) - at, Is.InRange(TimeSpan.FromSeconds(-3), TimeSpan.FromSeconds(10)),
                $"webhook due {at:O}: queued neither early nor late");
        }
        // Each node's check-ins are stamped on the database's time, so neither looks dead to the other.
        var recoveries = ahead.Lines("failed or restarted instances").Concat(behind.Lines("failed or restarted instances")).ToList();
        Assert.That(recoveries, Is.Empty, "no node took a live one for dead");
    }
}
