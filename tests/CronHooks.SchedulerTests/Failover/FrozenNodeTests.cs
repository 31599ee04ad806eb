using System.Collections.Concurrent;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Clock;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Failover;

/// <summary>
/// Two real nodes; one is frozen (SIGSTOP) while its database session holds locks the other needs, for longer
/// than its leases. The other keeps firing and delivering close to time, and when the frozen node resumes
/// (SIGCONT) its late writes are fenced: every occurrence arrives, duplicates only with the same webhook-id.
/// </summary>
[OwnDatabase, Parallelizable]
internal sealed class FrozenNodeTests : SchedulerNodeTest
{
    // Longer than the leases (5 s timeout + 5 s margin below) and than any database timeout in play.
    private static readonly TimeSpan FreezeFor = TimeSpan.FromSeconds(40);

    // What falls due while a node is frozen still goes out within this of its time.
    private static readonly TimeSpan Punctuality = TimeSpan.FromSeconds(20);

    // Its failures make each outcome group that holds one an explicit transaction, with statements after the outcome
    // statement: a group of successes only is the batch's own transaction, committed by the server, so no node can
    // freeze inside it once its statement is done.
    private const string FailingPath = "/hook/0";

    private WireMockServer receiver = null!;
    private ConcurrentQueue<(string Path, string WebhookId, DateTimeOffset At)> arrivals = null!;

    [SetUp]
    public void StartReceiver()
    {
        arrivals = new();
        receiver = WireMockServer.Start();
        receiver.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(request =>
        {
            arrivals.Enqueue((request.Path, request.Headers!["webhook-id"].Single(), DateTimeOffset.UtcNow));
            return new WireMock.ResponseMessage { StatusCode = request.Path == FailingPath ? 500 : 200 };
        }));
    }

    [TearDown]
    public void StopReceiver()
    {
        receiver.Stop();
        receiver.Dispose();
    }

    [Test]
    public async Task OutcomeWrite_WhenItsNodeFreezesInsideIt_TheOtherNodeDeliversOnTimeAndTheLateWriteIsFenced()
    {
        var nodes = new[] { await StartNodeAsync("a", NodeSettings("a")), await StartNodeAsync("b", NodeSettings("b")) };
        var data = new DeliveryTestData(TestDatabase.ConnectionString);
        var webhooks = new List<Webhook>();
        for (var i = 0; i < 6; i++)
            webhooks.Add(await data.CreateWebhookAsync(Owner, ReceiverUrl($"/hook/{i}"), w => w.TimeoutSeconds = 5));
        // A steady load both nodes share: an attempt per webhook and second, for 80 seconds.
        var start = ClockTestData.SecondsFromNow(2);
        var due = Enumerable.Range(0, 80).Select(s => start.AddSeconds(s)).ToArray();
        await data.ExecuteAsync("""
            INSERT INTO execution_queue (id, webhook_id, owner_id, attempt_number, trigger, scheduled_for, due_at, created_at)
            SELECT gen_random_uuid(), w, @p1, 1, 'Schedule', at, at, now() FROM unnest(@p0) w, unnest(@p2) at
            """, webhooks.Select(w => w.Id).ToArray(), Owner, due.Select(d => d.UtcDateTime).ToArray());
        var expected = webhooks.SelectMany(w => due.Select(at => (Id: WebhookMessageId.For(w.Id, at), Due: at)))
            .ToDictionary(x => x.Id, x => x.Due);

        // Once a first outcome of the hot webhook (the failing one) is written its delivery state row exists; held for a
        // moment, the next outcome write that needs it (with the other outcomes of its group) waits in its transaction.
        var hot = webhooks[0].Id;
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhook_delivery_state WHERE webhook_id = $1", hot) == 1,
            TimeSpan.FromSeconds(60), "a first outcome of the hot webhook");
        var (victim, frozenAt) = await FreezeInsideAsync(nodes,
            "SELECT 1 FROM webhook_delivery_state WHERE webhook_id = $1 FOR NO KEY UPDATE", hot);

        await ThawAfterFreezeAsync(victim, frozenAt);

        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM executions") == expected.Count
                && await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue") == 0,
            due[^1] - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90), "every attempt recorded");
        var late = Lateness(expected, frozenAt);
        var victimOutput = victim.Output;
        Assert.Multiple(() =>
        {
            AssertEveryOccurrenceArrivedWithItsOwnId(expected);
            Assert.That(late, Is.Empty, "due while the node was frozen, and later than " + Punctuality);
            Assert.That(victimOutput, Does.Contain("Delivery lease lost"), "the frozen node's outcome, written late, should have been fenced");
        });
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(DISTINCT (webhook_id, scheduled_for)) FROM executions"), Is.EqualTo(expected.Count),
            "one history row per attempt");
    }

    [Test]
    public async Task QuartzLock_WhenItsNodeFreezesHoldingIt_TheOtherNodeFiresOnTimeAndEachOccurrenceIsEnqueuedOnce()
    {
        var nodes = new[] { await StartNodeAsync("a", NodeSettings("a")), await StartNodeAsync("b", NodeSettings("b")) };
        // One-time webhooks a second apart, for a minute: a trigger to fire every second.
        var start = ClockTestData.SecondsFromNow(4);
        var webhooks = new List<(Guid Id, DateTimeOffset At)>();
        for (var i = 0; i < 60; i++)
        {
            var at = start.AddSeconds(i);
            webhooks.Add((await ClockTestData.InsertOnceAsync(Owner, at, url: ReceiverUrl($"/once/{i}")), at));
        }
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET timeout_seconds = 5");
        var expected = webhooks.ToDictionary(w => WebhookMessageId.For(w.Id, w.At), w => w.At);
        await Eventually.TrueAsync(() => !arrivals.IsEmpty, TimeSpan.FromSeconds(30), "a first delivery");

        var (victim, frozenAt) = await FreezeInsideAsync(nodes,
            $"SELECT 1 FROM quartz.qrtz_locks WHERE sched_name = '{ClockServices.SchedulerName}' AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE");
        Assert.That(await TriggerAccessIsFreeAsync(), Is.False, "the frozen node's session should hold Quartz's lock");

        await ThawAfterFreezeAsync(victim, frozenAt);

        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM executions") == webhooks.Count,
            webhooks[^1].At - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90), "every occurrence fired and recorded");
        var late = Lateness(expected, frozenAt);
        var counts = new List<int>();
        foreach (var (id, _) in webhooks)
            counts.Add(await ClockTestData.ExecutionCountAsync(id));
        Assert.Multiple(() =>
        {
            AssertEveryOccurrenceArrivedWithItsOwnId(expected);
            Assert.That(late, Is.Empty, "due while the node was frozen, and later than " + Punctuality);
            Assert.That(counts, Is.All.EqualTo(1), "one attempt per occurrence, whichever node fired it");
        });
    }

    private static Dictionary<string, string> NodeSettings(string name) => new()
    {
        // The node's sessions carry its name, so the test can tell whose session waits for what.
        ["ConnectionStrings__CronHooks"] = $"{TestDatabase.ConnectionString};Application Name=frozen-{name}",
        ["Delivery__LeaseMargin"] = "00:00:05",
    };

    private string ReceiverUrl(string path) => $"http://127.0.0.1:{receiver.Port}{path}";

    /// <summary>
    /// Holds the row <paramref name="lockingSelect"/> locks until a node's session queues for it, freezes that node,
    /// and lets go: the frozen node's session then holds the row (and whatever its transaction locked before), idle
    /// inside its transaction, with no process behind it to finish.
    /// </summary>
    private static async Task<(ServiceProcess Victim, DateTimeOffset FrozenAt)> FreezeInsideAsync(
        IReadOnlyList<ServiceProcess> nodes, string lockingSelect, params object[] parameters)
    {
        await using var held = await HeldRowLock.TakeAsync(lockingSelect, parameters);
        var (pid, applicationName) = await held.FirstWaiterAsync(TimeSpan.FromSeconds(30));
        var victim = nodes.Single(n => applicationName == $"frozen-{n.Name}");
        await victim.FreezeAsync();
        var frozenAt = DateTimeOffset.UtcNow;
        await held.ReleaseAsync();
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync<string>("SELECT state FROM pg_stat_activity WHERE pid = $1", pid) == "idle in transaction",
            TimeSpan.FromSeconds(5), $"{victim.Name}'s session holding the row, idle in its transaction");
        TestContext.Out.WriteLine($"froze {victim.Name} (backend {pid}) at {frozenAt:O}");
        return (victim, frozenAt);
    }

    private static async Task ThawAfterFreezeAsync(ServiceProcess victim, DateTimeOffset frozenAt)
    {
        await Eventually.PassedAsync(frozenAt + FreezeFor);
        await victim.ThawAsync();
        TestContext.Out.WriteLine($"thawed {victim.Name} at {DateTimeOffset.UtcNow:O}");
    }

    private static async Task<bool> TriggerAccessIsFreeAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var probe = new NpgsqlCommand(
            $"SELECT 1 FROM quartz.qrtz_locks WHERE sched_name = '{ClockServices.SchedulerName}' AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE NOWAIT", connection, transaction);
        try
        {
            await probe.ExecuteScalarAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    /// <summary>Occurrences due while the node was frozen whose first request came later than <see cref="Punctuality"/>.</summary>
    private List<string> Lateness(Dictionary<string, DateTimeOffset> expected, DateTimeOffset frozenAt)
    {
        var first = arrivals.GroupBy(a => a.WebhookId).ToDictionary(g => g.Key, g => g.Min(a => a.At));
        var during = expected.Where(e => e.Value >= frozenAt && e.Value <= frozenAt + FreezeFor && first.ContainsKey(e.Key)).ToList();
        if (during.Count > 0)
            TestContext.Out.WriteLine($"due during the freeze: {during.Count}, worst first request {during.Max(e => first[e.Key] - e.Value).TotalSeconds:0.0} s late");
        return expected.Where(e => e.Value >= frozenAt && e.Value <= frozenAt + FreezeFor)
            .Where(e => !first.TryGetValue(e.Key, out var arrived) || arrived - e.Value > Punctuality)
            .Select(e => $"due {e.Value:HH:mm:ss.fff}, first sent {(first.TryGetValue(e.Key, out var at) ? at.ToString("HH:mm:ss.fff") : "never")}")
            .ToList();
    }

    private void AssertEveryOccurrenceArrivedWithItsOwnId(Dictionary<string, DateTimeOffset> expected)
    {
        var ids = arrivals.Select(a => a.WebhookId).ToHashSet();
        // Repeats (a redelivery after a lease ran out) are allowed, under the id of the occurrence they repeat.
        Assert.That(ids, Is.EquivalentTo(expected.Keys), "every occurrence arrived, under its own webhook-id, and nothing else");
        TestContext.Out.WriteLine($"{arrivals.Count} requests for {expected.Count} occurrences");
    }
}
