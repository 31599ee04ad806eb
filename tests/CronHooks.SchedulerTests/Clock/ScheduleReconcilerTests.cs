using CronHooks.Domain.Scheduling;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// The outbox applied a key at a time and reconciliation by pages, called directly against the real database
/// and a real (not started) clustered Quartz store.
/// </summary>
[NonParallelizable]
public sealed class ScheduleReconcilerTests
{
    private InProcessClock clock = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUpAsync()
    {
        await ClockTestData.ResetAsync();
        owner = await ClockTestData.CreateUserAsync();
        // Three keys a page, so a handful of schedules crosses several page boundaries.
        clock = InProcessClock.Build(TestDatabase.ConnectionString, new Dictionary<string, string?> { ["Scheduler:ReconcilePageSize"] = "3" });
    }

    [TearDown]
    public async Task TearDownAsync() => await clock.DisposeAsync();

    [Test]
    public async Task ApplyOutboxBatch_WhenAKeyHasManyRows_AppliesThemAllAsOne()
    {
        var at = ClockTestData.SecondsFromNow(600);
        await ClockTestData.InsertOnceAsync(owner, at);
        var key = ScheduleKey.ForInstant(at);
        await InsertOutboxRowsAsync(key, 49);
        await InsertOutboxRowsAsync("once-20260101T000000Z", 5); // queued behind, for a schedule no webhook has

        var (head, discarded) = await clock.Get<ScheduleSynchronizer>().ApplyOutboxBatchAsync(1, CancellationToken.None);
        var armed = await ClockTestData.TriggerExistsAsync(key);
        var left = await ClockTestData.OutboxCountAsync();

        Assert.Multiple(() =>
        {
            Assert.That((head, discarded), Is.EqualTo((1, 50)));
            Assert.That(armed, Is.True);
            Assert.That(left, Is.EqualTo(5), "another key's rows wait for their turn");
        });
    }

    [Test]
    public async Task Reconcile_AcrossPages_LeavesExactlyTheNeededTriggersAndDiscardsTheOutbox()
    {
        var start = ClockTestData.SecondsFromNow(600);
        // Triggers for schedules that then lose their webhooks (one with its outbox row, one without).
        var gone = await ClockTestData.InsertOnceWebhooksAsync(owner, [start, start.AddSeconds(1)]);
        await ApplyOutboxAsync();
        await ClockTestData.DeleteAsync(gone[0]);
        await ClockTestData.ExecuteAsync("DELETE FROM webhooks WHERE id = $1", gone[1]);
        // Webhooks that need triggers (some without outbox rows), paused ones, and rows for schedules long gone.
        var wanted = Enumerable.Range(0, 7).Select(i => start.AddSeconds(10 + i)).ToArray();
        await ClockTestData.InsertOnceWebhooksAsync(owner, wanted[..4]);
        await ClockTestData.InsertOnceWebhooksAsync(owner, wanted[4..], outbox: false);
        await ClockTestData.InsertOnceWebhooksAsync(owner, [start.AddSeconds(30), start.AddSeconds(31)], active: false);
        await ClockTestData.InsertCronAsync(owner, "5 4 * * *");
        await InsertOutboxRowsAsync("once-20260101T000000Z", 10);
        await InsertOutboxRowsAsync("cron-00000000000000000000000000000000", 10);
        await InsertOutboxRowsAsync("zzz-after-every-key", 3);

        var result = await clock.Get<ScheduleReconciler>().ReconcileAsync(_ => Task.FromResult(true), CancellationToken.None);

        var expected = wanted.Select(ScheduleKey.ForInstant).Append(ClockTestData.KeyOf("5 4 * * *")).Order(StringComparer.Ordinal);
        var triggers = await ClockTestData.TriggerNamesAsync();
        var left = await ClockTestData.OutboxCountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(triggers, Is.EqualTo(expected));
            Assert.That(left, Is.Zero);
            Assert.That(result!.Pages, Is.GreaterThan(3), "paged");
            Assert.That(result.Repaired, Is.EqualTo(7 + 1 + 2));
        });
    }

    [Test]
    public async Task Reconcile_WhenAChangeCommitsAfterItsRowsWatermark_LeavesThatRowForTheOutbox()
    {
        var at = ClockTestData.SecondsFromNow(600);
        var key = ScheduleKey.ForInstant(at);
        // A webhook change in flight: its outbox row has an id, but it commits only after the reconciliation read
        // the watermark (a later row's id) and compared its key.
        await using var inFlight = new NpgsqlConnection(TestDatabase.ConnectionString);
        await inFlight.OpenAsync();
        await using var transaction = await inFlight.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ($1, now())", inFlight, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = key });
            await insert.ExecuteNonQueryAsync();
        }
        await InsertOutboxRowsAsync("once-20260101T000000Z", 3);

        await clock.Get<ScheduleReconciler>().ReconcileAsync(_ => Task.FromResult(true), CancellationToken.None);
        await transaction.CommitAsync();
        // The webhook that change was about, visible from now on like the change itself.
        await ClockTestData.InsertOnceAsync(owner, at, outbox: false);

        Assert.That(await ClockTestData.OutboxCountAsync(), Is.EqualTo(1), "the row committed late must not be discarded unseen");
        await ApplyOutboxAsync();
        Assert.That(await ClockTestData.TriggerExistsAsync(key), Is.True);
    }

    [Test]
    public async Task Reconcile_WhileAnotherNodeReconciles_WaitsAndThenLeavesItToThatNode()
    {
        await InsertOutboxRowsAsync("once-20260101T000000Z", 3);
        var other = await ReconcileLock.AcquireAsync(clock.Get<NpgsqlDataSource>(), CancellationToken.None);

        var waiting = clock.Get<ScheduleReconciler>().ReconcileAsync(_ => Task.FromResult(false), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(waiting.IsCompleted, Is.False, "ran beside another node's reconciliation");
        await other.DisposeAsync();

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(30)), Is.Null);
        Assert.That(await ClockTestData.OutboxCountAsync(), Is.EqualTo(3), "reconciled again although the other node just had");
    }

    private async Task ApplyOutboxAsync()
    {
        while ((await clock.Get<ScheduleSynchronizer>().ApplyOutboxBatchAsync(100, CancellationToken.None)).Head > 0)
        {
        }
    }

    private static Task InsertOutboxRowsAsync(string key, int count) =>
        ClockTestData.ExecuteAsync("INSERT INTO schedule_outbox (schedule_key, created_at) SELECT $1, now() FROM generate_series(1, $2)", key, count);
}
