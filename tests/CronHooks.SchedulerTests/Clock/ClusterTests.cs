using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>Several real scheduler processes on one database: each occurrence enqueued once, whoever dies.</summary>
[OwnDatabase, Parallelizable]
public sealed class ClusterTests : SchedulerNodeTest
{
    [Test]
    public async Task TwoNodes_FireEachOccurrenceOnce()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");
        var start = ClockTestData.SecondsFromNow(3);
        var webhooks = new List<(Guid Id, DateTimeOffset At)>();
        for (var i = 0; i < 12; i++)
        {
            var at = start.AddMilliseconds(500 * i);
            webhooks.Add((await ClockTestData.InsertOnceAsync(Owner, at), at));
        }
        // Fires after all the others: once it has, a duplicate firing of any of them would have happened too.
        var sentinel = await ClockTestData.InsertOnceAsync(Owner, start.AddSeconds(9));

        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(sentinel) == 1, TimeSpan.FromSeconds(40),
            () => "the last schedule never fired");

        foreach (var (id, at) in webhooks)
            Assert.That(await ClockTestData.ExecutionCountAsync(id), Is.EqualTo(1), $"webhook due {at:O}");
        foreach (var key in webhooks.Select(w => ScheduleKey.ForInstant(w.At)).Distinct())
            Assert.That(a.Lines($"Schedule {key} occurrence").Count() + b.Lines($"Schedule {key} occurrence").Count(), Is.EqualTo(1), key);
    }

    [Test]
    public async Task KillingANodeWhileSchedulesAreDue_StillEnqueuesEveryOccurrenceOnceWithin15Seconds()
    {
        var a = await StartNodeAsync("a");
        var b = await StartNodeAsync("b");
        var start = ClockTestData.SecondsFromNow(2);
        var webhooks = new List<(Guid Id, DateTimeOffset At)>();
        for (var i = 0; i < 24; i++)
        {
            var at = start.AddMilliseconds(500 * i);
            webhooks.Add((await ClockTestData.InsertOnceAsync(Owner, at), at));
        }

        // Kill a node that is doing the work, once the firings are under way.
        await Eventually.HoldsAsync(async () => await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM all_executions") >= 3,
            TimeSpan.FromSeconds(20), () => "nothing fired before the kill");
        var victim = b.Lines("attempts enqueued").Count() > a.Lines("attempts enqueued").Count() ? b : a;
        await victim.KillAsync();
        TestContext.Out.WriteLine($"killed {victim.Name} at {DateTimeOffset.UtcNow:O}");

        var last = webhooks.Max(w => w.At);
        await Eventually.HoldsAsync(
            async () => await TestDatabase.ScalarAsync<long>("SELECT count(DISTINCT webhook_id) FROM all_executions") == webhooks.Count,
            last - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20), () => "not every occurrence was enqueued after the kill");

        foreach (var (id, at) in webhooks)
        {
            var rows = await ClockTestData.ExecutionsAsync(id);
            Assert.That(rows, Has.Length.EqualTo(1), $"webhook due {at:O}");
            Assert.That(rows[0].ScheduledFor, Is.EqualTo(at.ToString("O")));
        }
        var worstDelay = await TestDatabase.ScalarAsync<double>(
            "SELECT max(extract(epoch FROM created_at - scheduled_for))::float8 FROM all_executions");
        Assert.That(worstDelay, Is.LessThan(15), "takeover took longer than 15 s");
    }

    [Test]
    public async Task AllNodesDownPastADueTime_OnRestartEnqueuesOneAttemptAndNoneForSkip()
    {
        var first = await StartNodeAsync("first");
        // 8 s ahead: the node must be scheduled and stopped before the instant, or it fires on time and the
        // skip webhook rightly gets its attempt; on a loaded machine a stop alone can take a few seconds.
        var due = ClockTestData.SecondsFromNow(8);
        var runOnce = await ClockTestData.InsertOnceAsync(Owner, due, MissedRunPolicy.RunOnce);
        var skip = await ClockTestData.InsertOnceAsync(Owner, due, MissedRunPolicy.Skip);
        await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ScheduleKey.ForInstant(due)), TimeSpan.FromSeconds(4), () => "not scheduled");
        // A graceful stop: the node hands nothing over, and no other node is there to take anything.
        await first.StopAsync();
        Assert.That(DateTimeOffset.UtcNow, Is.LessThan(due), "the node was still running at the due instant; the test proves nothing");

        // Late by more than the misfire threshold (3 s in the test settings).
        await Eventually.PassedAsync(due.AddSeconds(6));
        await StartNodeAsync("second");

        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(runOnce) == 1, TimeSpan.FromSeconds(30),
            () => "the missed one-time webhook was not enqueued on restart");
        // The same statement decided about both webhooks, so the skip one's fate is settled.
        Assert.That(await ClockTestData.ExecutionCountAsync(skip), Is.Zero);
        Assert.That((await ClockTestData.ExecutionsAsync(runOnce)).Single().ScheduledFor, Is.EqualTo(due.ToString("O")));
    }

}
