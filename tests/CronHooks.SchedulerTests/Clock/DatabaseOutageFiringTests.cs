using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>PostgreSQL goes away just after Quartz fired a schedule shared by many webhooks: the firing waits it out.</summary>
[OwnDatabase, Parallelizable]
internal sealed class DatabaseOutageFiringTests : DeliveryTest
{
    private const string Cron = "* * * * *";
    private const int Webhooks = 50;

    // Within what a failover takes (10-120 s) and longer than a fixed handful of retries would wait.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(45);

    [Test]
    public async Task Firing_WhenPostgresIsDownFor45SecondsRightAfterIt_DeliversTheOccurrenceToEveryWebhookOnce()
    {
        SlowReceiver("/hook", TimeSpan.Zero);
        await using var postgres = await PrivatePostgres.StartWithDatabaseAsync();
        // Unpooled: the test's own connections must not be the ones the outage broke.
        var data = new DeliveryTestData(postgres.ConnectionString + ";Pooling=false");
        var owner = await data.CreateOwnerAsync();
        await using var node = await SchedulerNodes.StartAsync(postgres.ConnectionString, name: "outage");
        var webhooks = new List<Guid>();
        for (var i = 0; i < Webhooks; i++)
        {
            webhooks.Add((await data.CreateWebhookAsync(owner, ReceiverUrl("/hook"), w =>
            {
                w.ScheduleType = ScheduleType.Recurring;
                w.ScheduledAt = null;
                w.CronExpression = Cron;
            })).Id);
        }
        var key = ScheduleKey.ForCron(Cron, "UTC");
        await data.ExecuteAsync("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES (@p0, now())", key);
        await Eventually.TrueAsync(async () => await data.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name = @p0", key) == 1,
            TimeSpan.FromSeconds(30), "the schedule's trigger");
        var occurrence = NextMinute(after: DateTimeOffset.UtcNow.AddSeconds(8));

        // The queue is locked from just before the occurrence, so the firing's enqueue is certainly under way, and
        // waiting, when PostgreSQL goes: Quartz has already moved the trigger on.
        await Eventually.PassedAsync(occurrence.AddSeconds(-3));
        var holder = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        await holder.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE execution_queue IN SHARE MODE", holder))
            await begin.ExecuteNonQueryAsync();
        // By its start: pg_stat_activity keeps only the first 1 kB of a statement (track_activity_query_size).
        await Eventually.TrueAsync(async () => await data.ScalarAsync<long>("""
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'WITH due AS%' AND pid <> pg_backend_pid()
            """) >= 1, TimeSpan.FromSeconds(30), "the firing's enqueue to wait on the queue");
        await postgres.StopAsync();
        TestContext.Out.WriteLine($"PostgreSQL stopped at {DateTimeOffset.UtcNow:O}, {occurrence:O} fired");
        await Task.Delay(Outage);
        await postgres.StartAsync();
        await holder.DisposeAsync();

        var expected = webhooks.Select(id => WebhookMessageId.For(id, occurrence)).ToHashSet();
        try
        {
            await Eventually.TrueAsync(() => Arrivals.Select(a => a.WebhookId).Where(expected.Contains).Distinct().Count() == Webhooks,
                TimeSpan.FromSeconds(120), $"the {occurrence:O} occurrence at all {Webhooks} webhooks");
        }
        catch (AssertionException)
        {
            TestContext.Out.WriteLine($"--- {node.Name}\n{node.Output}");
            throw;
        }
        // Room for a duplicate to show up (a second enqueue would be due at once).
        await Task.Delay(TimeSpan.FromSeconds(5));

        var sent = Arrivals.Select(a => a.WebhookId).Where(expected.Contains).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var attempts = await data.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE scheduled_for = @p0", occurrence);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Values, Is.All.EqualTo(1), "each webhook received the occurrence once");
            Assert.That(sent, Has.Count.EqualTo(Webhooks));
            Assert.That(attempts, Is.EqualTo(Webhooks), "one attempt per webhook for the occurrence");
        });
    }

    private static DateTimeOffset NextMinute(DateTimeOffset after)
    {
        var floor = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        return floor.AddMinutes(1);
    }
}
