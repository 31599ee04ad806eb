using CronHooks.SchedulerTests.Harness;
namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Finished history older than the retention age is deleted in the background; nothing else is.</summary>
internal sealed class RetentionTests : DeliveryTest
{
    [Test]
    public async Task Retention_WhenFinishedAttemptsAreOlderThanTheRetentionAge_DeletesOnlyThose()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var old = DateTimeOffset.UtcNow.AddDays(-31);
        var oldIds = new List<Guid>();
        foreach (var (status, i) in new[] { "Success", "Failed", "Retrying", "Skipped" }.Select((s, i) => (s, i)))
            oldIds.Add(await InsertAsync(webhook.Id, status, old.AddMinutes(i), finishedAt: old.AddMinutes(i)));
        var recent = await InsertAsync(webhook.Id, "Success", DateTimeOffset.UtcNow.AddDays(-29), DateTimeOffset.UtcNow.AddDays(-29));
        // Waiting for a year-later retry: old, but not finished, so it stays.
        var waiting = await InsertAsync(webhook.Id, "Pending", old.AddMinutes(10), finishedAt: null, dueAt: DateTimeOffset.UtcNow.AddDays(300));

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Delivery:RetentionDays"] = "30",
            ["Delivery:RetentionInterval"] = "00:00:01",
            ["Delivery:RetentionBatchSize"] = "1",
        });

        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>("SELECT count(*) FROM executions") == 2,
            TimeSpan.FromSeconds(30), "the old finished attempts to be deleted");
        var left = (await Data.ExecutionsAsync(webhook.Id)).Select(e => e.Id);
        Assert.That(left, Is.EquivalentTo(new[] { recent, waiting }));
    }

    private async Task<Guid> InsertAsync(Guid webhookId, string status, DateTimeOffset scheduledFor, DateTimeOffset? finishedAt, DateTimeOffset? dueAt = null)
    {
        var id = Guid.CreateVersion7();
        await Data.ExecuteAsync("""
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            VALUES (@p0, @p1, @p2, @p3, 1, 'Schedule', @p4, @p5, false, @p4, @p6)
            """, id, webhookId, Owner, status, scheduledFor, dueAt ?? scheduledFor, (object?)finishedAt ?? DBNull.Value);
        return id;
    }
}
