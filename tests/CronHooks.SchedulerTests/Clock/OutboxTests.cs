using CronHooks.Domain.Scheduling;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>From the API's commit to a Quartz trigger: the schedule outbox applied by a real scheduler node.</summary>
[NonParallelizable]
public sealed class OutboxTests : SchedulerNodeTest
{
    [Test]
    public async Task Outbox_WhenWrittenWhileNoNodeRuns_IsAppliedWhenANodeStarts()
    {
        const string cron = "0 9 * * *";
        await ClockTestData.InsertCronAsync(Owner, cron, "Europe/Berlin");
        var due = ClockTestData.SecondsFromNow(1);
        var once = await ClockTestData.InsertOnceAsync(Owner, due);

        await StartNodeAsync();

        // Ready means the outbox has been applied at least once.
        Assert.That(await ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf(cron, "Europe/Berlin")), Is.True);
        Assert.That(await ClockTestData.OutboxCountAsync(), Is.Zero);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var expected = Cronos.CronExpression.Parse(cron).GetNextOccurrence(DateTime.UtcNow, berlin)!.Value;
        // Fired its lead before the occurrence, so the occurrence is queued when it comes.
        Assert.That(await NextFireTimeAsync(ClockTestData.KeyOf(cron, "Europe/Berlin")) + new SchedulerOptions().CronLead,
            Is.EqualTo(new DateTimeOffset(expected, TimeSpan.Zero)));
        Assert.That(await TestDatabase.ScalarAsync<string>(
            "SELECT str_prop_2 FROM quartz.qrtz_simprop_triggers WHERE trigger_name = $1", ClockTestData.KeyOf(cron, "Europe/Berlin")), Is.EqualTo("Europe/Berlin"));
        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(once) == 1, TimeSpan.FromSeconds(20),
            () => "the one-time webhook whose instant passed before any node ran was not enqueued");
    }

    [Test]
    public async Task Outbox_WhenNotified_ReachesQuartzWithinOneSecond()
    {
        // Polling every minute and no reconciliation: only the NOTIFY can explain a fast application.
        await StartNodeAsync(settings: new() { ["Scheduler__OutboxPollInterval"] = "00:01:00", ["Scheduler__ReconcileInterval"] = "01:00:00" });

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var cron = $"{i} 3 * * *";
            await ClockTestData.InsertCronAsync(Owner, cron);
            latencies.Add(await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf(cron)),
                TimeSpan.FromSeconds(10), () => $"no trigger for {cron}"));
        }

        Assert.That(latencies, Has.All.LessThan(TimeSpan.FromSeconds(1)), string.Join(", ", latencies));
    }

    [Test]
    public async Task Outbox_WhenTheListeningConnectionIsKilled_ListensAgainAndStaysFast()
    {
        await StartNodeAsync(settings: new() { ["Scheduler__OutboxPollInterval"] = "00:01:00", ["Scheduler__ReconcileInterval"] = "01:00:00" });
        const string listening = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN cronhooks_schedule_outbox%' LIMIT 1"; // not the delivery engine's listener
        var before = await TestDatabase.ScalarAsync<int>(listening);
        Assert.That(before, Is.Not.Zero, "precondition: the node listens");

        // What a PostgreSQL restart or a dropped connection does to the listener.
        await ClockTestData.ExecuteAsync("SELECT pg_terminate_backend($1)", before);
        await Eventually.HoldsAsync(async () => await TestDatabase.ScalarAsync<int>(listening) is var now && now != 0 && now != before,
            TimeSpan.FromSeconds(10), () => "the node did not listen again");

        await ClockTestData.InsertCronAsync(Owner, "7 5 * * *");
        var latency = await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf("7 5 * * *")),
            TimeSpan.FromSeconds(10), () => "not applied after the reconnect");
        Assert.That(latency, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Outbox_WhenTheNotificationIsLost_IsAppliedByPolling()
    {
        await StartNodeAsync(settings: new() { ["Scheduler__ReconcileInterval"] = "01:00:00" });

        await ClockTestData.InsertCronAsync(Owner, "5 4 * * *", notify: false);

        await Eventually.HoldsAsync(
            async () => await ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf("5 4 * * *")) && await ClockTestData.OutboxCountAsync() == 0,
            TimeSpan.FromSeconds(5), () => "an outbox row without a notification was not applied by polling");
    }

    [Test]
    public async Task Outbox_WhenTheLastWebhookOfAScheduleGoes_RemovesItsTrigger()
    {
        const string cron = "15 6 * * 1-5";
        var key = ClockTestData.KeyOf(cron);
        var first = await ClockTestData.InsertCronAsync(Owner, cron);
        var second = await ClockTestData.InsertCronAsync(Owner, cron);
        await StartNodeAsync(settings: new() { ["Scheduler__ReconcileInterval"] = "01:00:00" });
        Assert.That(await ClockTestData.TriggerExistsAsync(key), Is.True);

        await ClockTestData.DeleteAsync(first);
        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromSeconds(5), () => "outbox not drained");
        Assert.That(await ClockTestData.TriggerExistsAsync(key), Is.True, "another webhook still uses the schedule");

        await ClockTestData.DeleteAsync(second);
        await Eventually.HoldsAsync(async () => !await ClockTestData.TriggerExistsAsync(key), TimeSpan.FromSeconds(5),
            () => "the trigger outlived its last webhook");
    }

    [Test]
    public async Task OneTimeWebhook_WhenRetentionRemovedItsAttempt_IsNeverArmedOrQueuedAgain()
    {
        await StartNodeAsync(settings: new() { ["Scheduler__ReconcileInterval"] = "00:00:02" });
        var due = ClockTestData.SecondsFromNow(2);
        var key = ScheduleKey.ForInstant(due);
        var webhook = await ClockTestData.InsertOnceAsync(Owner, due);
        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(webhook) == 1, TimeSpan.FromSeconds(20), () => "not enqueued");
        Assert.That(await TestDatabase.ScalarAsync<DateTime?>("SELECT completed_at FROM webhooks WHERE id = $1", webhook), Is.Not.Null);

        // Retention took its attempt (queue and history alike), then an edit (say, a rename) wrote its key to the outbox.
        await ClockTestData.ExecuteAsync("DELETE FROM execution_queue WHERE webhook_id = $1", webhook);
        await ClockTestData.ExecuteAsync("DELETE FROM executions WHERE webhook_id = $1", webhook);
        await ClockTestData.ExecuteAsync("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ($1, now())", key);
        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromSeconds(10), () => "outbox not applied");
        // Several reconciliations (every 2 s) later:
        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.That(await ClockTestData.TriggerExistsAsync(key), Is.False, "armed again");
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.Zero, "queued again: a second delivery");
    }

    [Test]
    public async Task Outbox_WhenTheSameScheduleIsChangedManyTimesOnTwoNodes_KeepsOneTriggerAndFiresOnce()
    {
        await StartNodeAsync("a");
        await StartNodeAsync("b");
        var due = ClockTestData.SecondsFromNow(5);
        var key = ScheduleKey.ForInstant(due);

        var webhook = await ClockTestData.InsertOnceAsync(Owner, due);
        for (var i = 0; i < 50; i++)
            await ClockTestData.ExecuteAsync("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ($1, now())", key);

        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromSeconds(5), () => "outbox not drained");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name = $1", key), Is.EqualTo(1));
        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(webhook) == 1, TimeSpan.FromSeconds(20), () => "not enqueued");
        // A one-shot trigger is deleted when its firing completes: by then any second firing would have happened.
        await Eventually.HoldsAsync(async () => !await ClockTestData.TriggerExistsAsync(key) && Firings(key) > 0, TimeSpan.FromSeconds(10),
            () => "the firing did not complete");
        Assert.That(Firings(key), Is.EqualTo(1), "the schedule fired more than once");
    }

    [Test]
    public async Task Outbox_WhenOneBatchHoldsManyKeysRepeatsAndCancellations_LeavesExactlyTheNeededTriggers()
    {
        // Before the node starts: webhooks that will keep, lose or share their schedules.
        var start = ClockTestData.SecondsFromNow(600);
        var kept = new List<Guid>();
        for (var i = 0; i < 60; i++)
            kept.Add(await ClockTestData.InsertOnceAsync(Owner, start.AddSeconds(i)));
        var cancelled = new List<Guid>();
        for (var i = 0; i < 20; i++)
            cancelled.Add(await ClockTestData.InsertOnceAsync(Owner, start.AddSeconds(100 + i)));
        await ClockTestData.InsertCronAsync(Owner, "20 4 * * *");
        cancelled.Add(await ClockTestData.InsertCronAsync(Owner, "20 4 * * *")); // its schedule keeps the other webhook
        cancelled.Add(await ClockTestData.InsertCronAsync(Owner, "25 4 * * *")); // its schedule's last webhook
        // Stored inactive and without outbox rows: the batch activates them.
        var added = new List<Guid>();
        for (var i = 0; i < 40; i++)
            added.Add(await ClockTestData.InsertOnceAsync(Owner, start.AddSeconds(200 + i), outbox: false, active: false));
        added.Add(await ClockTestData.InsertCronAsync(Owner, "30 4 * * *", outbox: false, active: false));

        await StartNodeAsync(settings: new()
        {
            ["Scheduler__OutboxBatchSize"] = "1000", ["Scheduler__OutboxPollInterval"] = "00:01:00", ["Scheduler__ReconcileInterval"] = "01:00:00",
        });
        var keyedBefore = await ClockTestData.TriggerNamesAsync();
        Assert.That(keyedBefore, Has.Count.EqualTo(60 + 20 + 2), "precondition: the start applied the outbox");
        var keptKey = ScheduleKey.ForInstant(start);
        var keptNextFire = await NextFireTimeAsync(keptKey);
        // A cron trigger starts (to the second) when it is stored, so its start time shows whether it was stored again.
        const string startTime = "SELECT start_time FROM quartz.qrtz_triggers WHERE trigger_name = $1";
        var sharedStart = await TestDatabase.ScalarAsync<long>(startTime, ClockTestData.KeyOf("20 4 * * *"));
        await Eventually.PassedAsync(new DateTimeOffset(sharedStart, TimeSpan.Zero).AddSeconds(1));

        // One transaction, as a burst of API calls would leave it: every change, many rows for some keys.
        await ClockTestData.ExecuteAsync("""
            WITH flipped AS (UPDATE webhooks SET is_active = NOT is_active WHERE id = ANY($1) RETURNING schedule_key)
            INSERT INTO schedule_outbox (schedule_key, created_at)
            SELECT schedule_key, now() FROM flipped
            UNION ALL SELECT $2, now() FROM generate_series(1, 30)
            UNION ALL SELECT $3, now() FROM generate_series(1, 30)
            UNION ALL SELECT $4, now() FROM generate_series(1, 30)
            """, cancelled.Concat(added).ToArray(), keptKey, ScheduleKey.ForInstant(start.AddSeconds(100)), ScheduleKey.ForInstant(start.AddSeconds(200)));

        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromSeconds(20), () => "outbox not drained");
        var expected = Enumerable.Range(0, 60).Select(i => ScheduleKey.ForInstant(start.AddSeconds(i)))
            .Concat(Enumerable.Range(0, 40).Select(i => ScheduleKey.ForInstant(start.AddSeconds(200 + i))))
            .Append(ClockTestData.KeyOf("20 4 * * *")).Append(ClockTestData.KeyOf("30 4 * * *"))
            .Order(StringComparer.Ordinal);
        Assert.That(await ClockTestData.TriggerNamesAsync(), Is.EqualTo(expected));
        Assert.That(await NextFireTimeAsync(keptKey), Is.EqualTo(keptNextFire), "repeats of a key change nothing");
        Assert.That(await TestDatabase.ScalarAsync<long>(startTime, ClockTestData.KeyOf("20 4 * * *")), Is.EqualTo(sharedStart),
            "the schedule that lost one of its webhooks keeps its trigger as it was");
    }

    [Test]
    public async Task Outbox_ForAOneTimeSkipWebhookAlreadyTooLate_CreatesNoTrigger()
    {
        await StartNodeAsync(settings: new() { ["Scheduler__ReconcileInterval"] = "01:00:00" });
        var past = ClockTestData.SecondsFromNow(-10);

        await ClockTestData.InsertOnceAsync(Owner, past, Domain.Webhooks.MissedRunPolicy.Skip);
        // Applied after the skip webhook, due after it would have fired had it been given a trigger.
        var sentinel = await ClockTestData.InsertOnceAsync(Owner, ClockTestData.SecondsFromNow(2));

        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(sentinel) == 1, TimeSpan.FromSeconds(15), () => "sentinel");
        Assert.That(await ClockTestData.TriggerExistsAsync(ScheduleKey.ForInstant(past)), Is.False);
        Assert.That(Firings(ScheduleKey.ForInstant(past)), Is.Zero, "a trigger was created and fired for nothing");
    }

    [Test]
    public async Task Reconcile_WhenWebhooksAndTriggersDrift_RepairsBoth()
    {
        await StartNodeAsync(settings: new() { ["Scheduler__ReconcileInterval"] = "00:00:02" });

        // A webhook whose outbox row was lost, and a trigger whose webhook is gone without one.
        await ClockTestData.InsertCronAsync(Owner, "45 7 * * *", outbox: false);
        var orphan = await ClockTestData.InsertCronAsync(Owner, "50 7 * * *");
        await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf("50 7 * * *")), TimeSpan.FromSeconds(5), () => "setup");
        await ClockTestData.ExecuteAsync("DELETE FROM webhooks WHERE id = $1", orphan);

        await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf("45 7 * * *")), TimeSpan.FromSeconds(10),
            () => "the webhook without an outbox row got no trigger");
        await Eventually.HoldsAsync(async () => !await ClockTestData.TriggerExistsAsync(ClockTestData.KeyOf("50 7 * * *")), TimeSpan.FromSeconds(10),
            () => "the trigger without a webhook was not removed");
    }

    [Test]
    public async Task OneTimeWebhook_IsEnqueuedJustAheadAndDueAtItsInstant()
    {
        await StartNodeAsync();
        var at = ClockTestData.SecondsFromNow(3).AddMilliseconds(250);
        var webhook = await ClockTestData.InsertOnceAsync(Owner, at);
        var fireAt = ScheduleKey.FireInstantFor(at);

        await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(ScheduleKey.ForInstant(at)), TimeSpan.FromSeconds(2), () => "no trigger");
        Assert.That(await NextFireTimeAsync(ScheduleKey.ForInstant(at)), Is.EqualTo(fireAt - Scheduler.Clock.ScheduleTriggers.OnceLead));
        await Eventually.HoldsAsync(async () => await ClockTestData.ExecutionCountAsync(webhook) == 1, TimeSpan.FromSeconds(20), () => "not enqueued");

        var createdAt = await TestDatabase.ScalarAsync<DateTime>("SELECT created_at FROM all_executions WHERE webhook_id = $1", webhook);
        var dueAt = await TestDatabase.ScalarAsync<DateTime>("SELECT due_at FROM all_executions WHERE webhook_id = $1", webhook);
        Assert.That(new DateTimeOffset(dueAt, TimeSpan.Zero), Is.EqualTo(at), "claimable from its own instant (not the second it shares), never before");
        Assert.That(new DateTimeOffset(createdAt, TimeSpan.Zero),
            Is.GreaterThanOrEqualTo(fireAt - Scheduler.Clock.ScheduleTriggers.OnceLead).And.LessThan(fireAt.AddSeconds(2)));
    }

    private int Firings(string key) => Nodes.Sum(n => n.Lines($"Schedule {key} occurrence").Count());

    /// <summary>Quartz stores fire times as .NET ticks (UTC).</summary>
    private static async Task<DateTimeOffset> NextFireTimeAsync(string key) =>
        new(await TestDatabase.ScalarAsync<long>("SELECT next_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = $1", key), TimeSpan.Zero);
}
