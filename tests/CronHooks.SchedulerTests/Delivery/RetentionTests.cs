using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// The history's partitions: created ahead by the nodes, dropped whole when they leave the retention; queued
/// attempts are never touched, and rows that fell outside every partition are moved in or deleted with age.
/// </summary>
internal sealed class RetentionTests : DeliveryTest
{
    [Test]
    public async Task Retention_WhenHistoryPartitionsAreOlderThanTheRetention_DropsThemWholeAndKeepsTheRest()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        // Partitions backdated: days 40 to 28 ago exist, as if the cluster had been running for weeks.
        await Data.ExecuteAsync("SELECT cronhooks_create_execution_partitions(now() - interval '40 days', now() - interval '27 days', interval '1 day')");
        var old = DateTimeOffset.UtcNow.AddDays(-32);
        foreach (var (status, i) in new[] { "Success", "Failed", "Retrying", "Skipped" }.Select((s, i) => (s, i)))
            await InsertAsync(webhook.Id, status, old.AddMinutes(i));
        var recent = await InsertAsync(webhook.Id, "Success", DateTimeOffset.UtcNow.AddDays(-29));
        // Older than every partition: it lives in the default partition and goes by age, row by row.
        await InsertAsync(webhook.Id, "Success", DateTimeOffset.UtcNow.AddDays(-60));
        // Waiting for a retry a year away: its occurrence is old, but it is in the queue, so it stays.
        var waiting = await AttemptRows.InsertAsync(new AttemptRows.Row(webhook.Id, Owner, "Pending", old.AddMinutes(10), old,
            Attempt: 2, DueAt: DateTimeOffset.UtcNow.AddDays(300)));
        var oldPartition = await OldestPartitionAsync();

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Delivery:RetentionDays"] = "30",
            ["Delivery:RetentionInterval"] = "00:00:01",
            ["Delivery:RetentionBatchSize"] = "1",
        });

        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>("SELECT count(*) FROM all_executions") == 2,
            TimeSpan.FromSeconds(30), "the old history to be dropped");
        var left = (await Data.ExecutionsAsync(webhook.Id)).Select(e => e.Id);
        Assert.That(left, Is.EquivalentTo(new[] { recent, waiting }));
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = @p0", oldPartition), Is.Zero,
            "dropped as a table, not emptied");
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM cronhooks_execution_partitions() WHERE ends <= now() - interval '30 days'"), Is.Zero);
        Assert.That(await Data.ScalarAsync<long>(
                "SELECT success_count + failed_count + retrying_count + skipped_count FROM webhook_delivery_state WHERE webhook_id = @p0", webhook.Id),
            Is.EqualTo(1), "the webhook's history count follows what retention dropped");
    }

    [Test]
    public async Task Upkeep_WhenStarted_CreatesPartitionsAheadAtItsWidthAndMovesRowsInFromTheDefaultPartition()
    {
        // Other tests' nodes left daily partitions around now; this node's are a minute wide.
        await Data.ExecuteAsync("SELECT cronhooks_drop_execution_partitions('infinity', 0)");
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        // Written before any partition covered it (no node had run yet): it waits in the default partition.
        var early = await InsertAsync(webhook.Id, "Success", DateTimeOffset.UtcNow.AddMinutes(2));
        Assert.That(await PartitionOfAsync(early), Is.EqualTo("executions_default"));

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Delivery:HistoryPartitionWidth"] = "00:01:00",
            ["Delivery:HistoryPartitionsAhead"] = "5",
            ["Delivery:RetentionInterval"] = "00:00:01",
        });

        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>(
                "SELECT count(*) FROM cronhooks_execution_partitions() WHERE ends > now() + interval '4 minutes'") > 0,
            TimeSpan.FromSeconds(30), "partitions five minutes ahead");
        var widths = await Data.ScalarAsync<long>(
            "SELECT count(*) FROM cronhooks_execution_partitions() WHERE ends - starts <> interval '1 minute'");
        Assert.That(widths, Is.Zero, "every partition one minute wide");
        Assert.That(await PartitionOfAsync(early), Does.StartWith("executions_2"), "moved out of the default partition");
        Assert.That((await Data.ExecutionsAsync(webhook.Id)).Select(e => e.Id), Is.EqualTo(new[] { early }), "nothing lost in the move");
    }

    [Test]
    public async Task Upkeep_WhenFailedLoginsLeftTheLockoutWindow_DeletesThemAndKeepsRecentOnes()
    {
        // Guesses at names nobody uses: no later login for them ever clears these rows.
        await Data.ExecuteAsync("""
            INSERT INTO login_failures (username, failed_at)
            SELECT 'sprayed-' || i, now() - interval '1 hour' FROM generate_series(1, 3) i
            UNION ALL SELECT 'recent', now() - interval '1 minute'
            """);

        await StartNodeAsync(new Dictionary<string, string?> { ["Delivery:RetentionInterval"] = "00:00:01", ["Limits:LoginFailureWindow"] = "00:05:00" });

        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>("SELECT count(*) FROM login_failures") == 1,
            TimeSpan.FromSeconds(30), "the expired failed logins to be purged");
        Assert.That(await Data.ScalarAsync<string>("SELECT username FROM login_failures"), Is.EqualTo("recent"));
    }

    private async Task<Guid> InsertAsync(Guid webhookId, string status, DateTimeOffset scheduledFor) =>
        await AttemptRows.InsertAsync(new AttemptRows.Row(webhookId, Owner, status, scheduledFor, scheduledFor, FinishedAt: scheduledFor));

    private async Task<string> PartitionOfAsync(Guid id) =>
        await Data.ScalarAsync<string>("SELECT tableoid::regclass::text FROM executions WHERE id = @p0", id);

    private async Task<string> OldestPartitionAsync() =>
        await Data.ScalarAsync<string>("SELECT partition::text FROM cronhooks_execution_partitions() ORDER BY starts LIMIT 1");
}
