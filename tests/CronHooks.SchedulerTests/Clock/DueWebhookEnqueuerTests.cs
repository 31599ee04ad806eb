using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>The enqueue statement a firing runs, against the real schema, with chosen occurrence instants.</summary>
[NonParallelizable]
public sealed class DueWebhookEnqueuerTests
{
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource dataSource = null!;
    private DueWebhookEnqueuer enqueuer = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUp()
    {
        await ClockTestData.ResetAsync();
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        enqueuer = new DueWebhookEnqueuer(dataSource);
        owner = await ClockTestData.CreateUserAsync();
    }

    [TearDown]
    public async Task TearDown() => await dataSource.DisposeAsync();

    [Test]
    public async Task EnqueueAsync_WhenCronOccurrenceFires_EnqueuesOnePendingAttemptPerActiveWebhookInItsWindow()
    {
        const string cron = "0 9 * * *";
        var due = await ClockTestData.InsertCronAsync(owner, cron);
        var alsoDue = await ClockTestData.InsertCronAsync(owner, cron, startsAt: Occurrence, endsAt: Occurrence);
        var paused = await ClockTestData.InsertCronAsync(owner, cron, active: false);
        var ended = await ClockTestData.InsertCronAsync(owner, cron, endsAt: Occurrence.AddMilliseconds(-1));
        var notStarted = await ClockTestData.InsertCronAsync(owner, cron, startsAt: Occurrence.AddMilliseconds(1));
        var otherSchedule = await ClockTestData.InsertCronAsync(owner, "0 10 * * *");
        var now = Occurrence.AddMilliseconds(40);

        var count = (await enqueuer.EnqueueAsync(ClockTestData.KeyOf(cron), Occurrence, onTime: true, now, CancellationToken.None)).Queued;

        Assert.That(count, Is.EqualTo(2));
        var rows = await ClockTestData.ExecutionsAsync(due);
        Assert.That(rows, Has.Length.EqualTo(1));
        Assert.That(rows[0], Is.EqualTo((Occurrence.ToString("O"), "Pending", 1, "Schedule", Occurrence, owner)));
        Assert.That(await ClockTestData.ExecutionCountAsync(alsoDue), Is.EqualTo(1), "window bounds are inclusive");
        foreach (var id in new[] { paused, ended, notStarted, otherSchedule })
            Assert.That(await ClockTestData.ExecutionCountAsync(id), Is.Zero);
    }

    [Test]
    public async Task EnqueueAsync_MakesTimeOrderedAttemptIds_SoTheQueueAndTheHistoryGrowAtTheirKeysEnd()
    {
        const string cron = "*/5 * * * *";
        var webhook = await ClockTestData.InsertCronAsync(owner, cron);
        var key = ClockTestData.KeyOf(cron);
        var before = DateTimeOffset.UtcNow;

        await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence, CancellationToken.None);
        await Task.Delay(5);
        await enqueuer.EnqueueAsync(key, Occurrence.AddMinutes(5), true, Occurrence.AddMinutes(5), CancellationToken.None);

        var ids = new List<Guid>();
        await using (var read = dataSource.CreateCommand("SELECT id FROM execution_queue WHERE webhook_id = $1 ORDER BY scheduled_for"))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = webhook });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                ids.Add(reader.GetGuid(0));
        }
        // RFC 9562: the first 48 bits are the Unix time in milliseconds, then the version nibble.
        static DateTimeOffset TimeOf(Guid id) =>
            DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(id.ToString("N")[..12], 16));
        Assert.That(ids, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => id.Version), Has.All.EqualTo(7));
            Assert.That(ids.Select(TimeOf), Has.All.InRange(before.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(2)),
                "the database's clock, which runs beside this one");
            Assert.That(ids[0].ToString("N")[..12], Is.LessThan(ids[1].ToString("N")[..12]), "a later attempt's id sorts after an earlier one's");
        });
    }

    [Test]
    public async Task EnqueueStatements_WhereStatisticsWouldReadATableWhole_ReadEveryRowThroughAnIndex()
    {
        // Every stored webhook is due now, and the statistics know it: planned from them alone, the statements read webhooks
        // (and the history) whole. A plan is only as good as statistics that lag behind every burst: a fan-out of 2,500
        // webhooks planned so once read a table whole per due webhook and took two minutes (docs/PERFORMANCE.md, round 13).
        var key = ScheduleKey.ForInstant(Occurrence);
        await ClockTestData.InsertOnceWebhooksAsync(owner, Enumerable.Repeat(Occurrence, 1000).ToList(), outbox: false);
        await ClockTestData.ExecuteAsync("ANALYZE webhooks");

        var plan = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(DueWebhookEnqueuer.SettingsSql, connection, transaction))
            await settings.ExecuteNonQueryAsync();
        NpgsqlParameter[] enqueue =
        [
            new() { Value = key }, new() { Value = Occurrence }, new() { Value = true }, new() { Value = Occurrence },
            new NpgsqlParameter<DateTimeOffset?> { TypedValue = null }, new() { Value = false },
        ];
        foreach (var (sql, parameters) in new[] { (DueWebhookEnqueuer.EnqueueSql, enqueue), (DueWebhookEnqueuer.TakeBackSql, [new() { Value = Occurrence }, new() { Value = key }]) })
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection, transaction);
            explain.Parameters.AddRange(parameters);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        }

        Assert.That(plan, Has.None.Contains("Seq Scan"), string.Join('\n', plan));
    }

    [Test]
    public async Task EnqueueAsync_WhenTheSameOccurrenceFiresAgain_EnqueuesNothingMore()
    {
        const string cron = "*/5 * * * *";
        var webhook = await ClockTestData.InsertCronAsync(owner, cron);
        var key = ClockTestData.KeyOf(cron);

        var first = (await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence, CancellationToken.None)).Queued;
        var repeated = (await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence.AddSeconds(4), CancellationToken.None)).Queued;
        var next = (await enqueuer.EnqueueAsync(key, Occurrence.AddMinutes(5), true, Occurrence.AddMinutes(5), CancellationToken.None)).Queued;

        Assert.That((first, repeated, next), Is.EqualTo((1, 0, 1)));
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.EqualTo(2));
    }

    [Test]
    public async Task EnqueueAsync_WhenTheOccurrenceWasAlreadySentAndLeftTheQueue_QueuesItNeverAgain()
    {
        const string cron = "0 9 * * *";
        var sent = await ClockTestData.InsertCronAsync(owner, cron);
        var due = await ClockTestData.InsertCronAsync(owner, cron);
        var key = ClockTestData.KeyOf(cron);
        await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence, CancellationToken.None);
        // A node sent the first webhook's attempt: it moved from the queue to the history.
        await ClockTestData.ExecuteAsync("""
            WITH sent AS (DELETE FROM execution_queue WHERE webhook_id = $1 RETURNING *)
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            SELECT id, webhook_id, owner_id, 'Success', attempt_number, trigger, scheduled_for, due_at, false, created_at, now() FROM sent
            """, sent);

        // Quartz fires the same occurrence again (a recovered firing, a second node).
        var again = (await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence.AddSeconds(30), CancellationToken.None)).Queued;

        Assert.That(again, Is.Zero);
        Assert.That(await ClockTestData.ExecutionsAsync(sent), Has.Length.EqualTo(1));
        Assert.That((await ClockTestData.ExecutionsAsync(sent)).Single().Status, Is.EqualTo("Success"));
        Assert.That(await ClockTestData.ExecutionCountAsync(due), Is.EqualTo(1), "the one still queued is not queued twice either");
    }

    [Test]
    public async Task EnqueueAsync_WhenAnAttemptOfTheOccurrenceSlippedIntoTheQueueAfterItWasSent_TakesItBack()
    {
        const string cron = "0 9 * * *";
        var webhook = await ClockTestData.InsertCronAsync(owner, cron);
        var key = ClockTestData.KeyOf(cron);
        var now = Occurrence.AddSeconds(30);
        // What the first statement can leave behind when an outcome commits during it: the attempt in both tables.
        await ClockTestData.ExecuteAsync("""
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            SELECT gen_random_uuid(), id, owner_id, 'Success', 1, 'Schedule', $2, $2, false, $2, $2 FROM webhooks WHERE id = $1;
            """, webhook, Occurrence);
        await ClockTestData.ExecuteAsync("""
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT gen_random_uuid(), id, owner_id, $2, 1, 'Schedule', $2, $3 FROM webhooks WHERE id = $1
            """, webhook, Occurrence, now);

        var queued = (await enqueuer.EnqueueAsync(key, Occurrence, true, now, CancellationToken.None)).Queued;

        Assert.That(queued, Is.Zero);
        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Select(r => r.Status), Is.EqualTo(new[] { "Success" }));
    }

    [Test]
    public async Task EnqueueAsync_WhenLateBeyondTheMisfireThreshold_LeavesOutSkipWebhooks()
    {
        const string cron = "0 9 * * *";
        var runOnce = await ClockTestData.InsertCronAsync(owner, cron, policy: MissedRunPolicy.RunOnce);
        var skip = await ClockTestData.InsertCronAsync(owner, cron, policy: MissedRunPolicy.Skip);
        await ClockTestData.SetCatchUpWindowAsync(4 * 3600);

        await enqueuer.EnqueueAsync(ClockTestData.KeyOf(cron), Occurrence, onTime: false, Occurrence.AddHours(3), CancellationToken.None);

        Assert.That(await ClockTestData.ExecutionCountAsync(runOnce), Is.EqualTo(1));
        Assert.That(await ClockTestData.ExecutionCountAsync(skip), Is.Zero);
    }

    [Test]
    public async Task EnqueueAsync_WhenOnTime_EnqueuesSkipWebhooksToo()
    {
        const string cron = "0 9 * * *";
        var skip = await ClockTestData.InsertCronAsync(owner, cron, policy: MissedRunPolicy.Skip);

        await enqueuer.EnqueueAsync(ClockTestData.KeyOf(cron), Occurrence, onTime: true, Occurrence, CancellationToken.None);

        Assert.That(await ClockTestData.ExecutionCountAsync(skip), Is.EqualTo(1));
    }

    [Test]
    public async Task EnqueueAsync_ForOneTimeWebhooksSharingASecond_RecordsAndIsDueAtEachOwnInstant()
    {
        var early = Occurrence.AddMilliseconds(200);
        var late = Occurrence.AddMilliseconds(700);
        var a = await ClockTestData.InsertOnceAsync(owner, early);
        var b = await ClockTestData.InsertOnceAsync(owner, late);
        var key = ScheduleKey.ForInstant(early);
        Assert.That(ScheduleKey.ForInstant(late), Is.EqualTo(key), "precondition: one trigger for both");
        var fireAt = ScheduleKey.FireInstantFor(early);

        await enqueuer.EnqueueAsync(key, fireAt, true, fireAt, CancellationToken.None);

        Assert.That((await ClockTestData.ExecutionsAsync(a)).Single(), Is.EqualTo((early.ToString("O"), "Pending", 1, "Schedule", early, owner)));
        Assert.That((await ClockTestData.ExecutionsAsync(b)).Single(), Is.EqualTo((late.ToString("O"), "Pending", 1, "Schedule", late, owner)));
    }

    [Test]
    public async Task EnqueueAsync_WakesTheDeliveryWorkersOnceForTheWholeBatch()
    {
        const string cron = "0 9 * * *";
        for (var i = 0; i < 5; i++)
            await ClockTestData.InsertCronAsync(owner, cron);
        await using var listener = await dataSource.OpenConnectionAsync();
        var notifications = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notifications);
        await using (var listen = new NpgsqlCommand("LISTEN cronhooks_executions", listener))
            await listen.ExecuteNonQueryAsync();

        await enqueuer.EnqueueAsync(ClockTestData.KeyOf(cron), Occurrence, true, Occurrence, CancellationToken.None);

        Assert.That(await listener.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "no NOTIFY after the enqueue");
        while (await listener.WaitAsync(TimeSpan.FromMilliseconds(200)))
        {
            // drain anything else that arrived
        }
        Assert.That(notifications, Is.EqualTo(1));
    }

    [Test]
    public async Task CronScheduleAsync_ReturnsTheExpressionAndZoneBehindAKey()
    {
        await ClockTestData.InsertCronAsync(owner, "30 2 * * *", "Europe/Berlin");

        var schedule = await enqueuer.CronScheduleAsync(ClockTestData.KeyOf("30 2 * * *", "Europe/Berlin"), CancellationToken.None);
        var unknown = await enqueuer.CronScheduleAsync("cron-unknown", CancellationToken.None);

        Assert.That(schedule, Is.EqualTo(("30 2 * * *", "Europe/Berlin")));
        Assert.That(unknown, Is.Null);
    }

    [Test]
    public async Task CronScheduleAsync_WhenEveryWebhookOnTheKeyIsCancelled_ReturnsNull()
    {
        await ClockTestData.InsertCronAsync(owner, "45 3 * * *", active: false);
        await ClockTestData.InsertCronAsync(owner, "45 3 * * *", active: false);

        var schedule = await enqueuer.CronScheduleAsync(ClockTestData.KeyOf("45 3 * * *"), CancellationToken.None);

        Assert.That(schedule, Is.Null, "a firing for cancelled webhooks only has nothing to enqueue");
    }

    [Test]
    public async Task EnqueueAsync_ForACronSchedule_MovesItsWatermarkForwardOnlyAndForOneTimeKeysKeepsNone()
    {
        const string cron = "*/5 * * * *";
        var key = ClockTestData.KeyOf(cron);
        await ClockTestData.InsertCronAsync(owner, cron);
        var once = Occurrence.AddHours(1);
        await ClockTestData.InsertOnceAsync(owner, once);

        await enqueuer.EnqueueAsync(key, Occurrence.AddMinutes(5), true, Occurrence.AddMinutes(5), CancellationToken.None);
        await enqueuer.EnqueueAsync(key, Occurrence, true, Occurrence.AddMinutes(5), CancellationToken.None);
        await enqueuer.EnqueueAsync(ScheduleKey.ForInstant(once), once, true, once, CancellationToken.None);

        Assert.That(await TestDatabase.ScalarAsync<DateTime>("SELECT enqueued_through FROM schedule_watermarks WHERE schedule_key = $1", key),
            Is.EqualTo(Occurrence.AddMinutes(5).UtcDateTime), "a late repeat of an older occurrence does not move it back");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM schedule_watermarks"), Is.EqualTo(1));
    }

    [Test]
    public async Task EnqueueAsync_WhenNoWebhookIsDue_StillMovesTheWatermark()
    {
        const string cron = "0 9 * * *";
        var key = ClockTestData.KeyOf(cron);
        await ClockTestData.InsertCronAsync(owner, cron, policy: MissedRunPolicy.Skip);

        var queued = (await enqueuer.EnqueueAsync(key, Occurrence, onTime: false, Occurrence.AddHours(1), CancellationToken.None)).Queued;

        Assert.That(queued, Is.Zero);
        Assert.That(await TestDatabase.ScalarAsync<DateTime>("SELECT enqueued_through FROM schedule_watermarks WHERE schedule_key = $1", key),
            Is.EqualTo(Occurrence.UtcDateTime), "the occurrence was dealt with: skip webhooks drop it");
    }

    [Test]
    public async Task CatchUpAsync_LeavesOutWebhooksCreatedAfterTheOccurrence()
    {
        const string cron = "0 * * * *";
        var key = ClockTestData.KeyOf(cron);
        var existed = await ClockTestData.InsertCronAsync(owner, cron);
        var joinedLater = await ClockTestData.InsertCronAsync(owner, cron);
        var occurrence = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET created_at = $2 WHERE id = $1", existed, occurrence.AddMinutes(-1));
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET created_at = $2 WHERE id = $1", joinedLater, occurrence.AddSeconds(1));
        await ClockTestData.SetCatchUpWindowAsync(3600);

        var queued = (await enqueuer.CatchUpAsync(key, occurrence, onTime: false, occurrence.AddMinutes(10), CancellationToken.None)).Queued;

        Assert.That(queued, Is.EqualTo(1));
        Assert.That(await ClockTestData.ExecutionCountAsync(existed), Is.EqualTo(1));
        Assert.That(await ClockTestData.ExecutionCountAsync(joinedLater), Is.Zero, "it was not on the schedule when the occurrence fired");
    }
}
