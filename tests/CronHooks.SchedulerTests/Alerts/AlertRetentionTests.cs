using System.Diagnostics;
using CronHooks.Domain.Alerts;

namespace CronHooks.SchedulerTests.Alerts;

internal sealed class AlertRetentionTests : AlertTest
{
    [Test]
    public async Task Retention_WhenFinishedAlertsAreOlderThanRetentionDays_DeletesThemABatchEachInterval()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));
        var now = DateTimeOffset.UtcNow;
        await using (var db = Data.Db())
        {
            foreach (var (status, age) in new[] { (AlertStatus.Sent, 40), (AlertStatus.Failed, 40), (AlertStatus.Dropped, 40), (AlertStatus.Sent, 1) })
            {
                var created = now.AddDays(-age);
                db.Alerts.Add(new Alert
                {
                    Id = Guid.CreateVersion7(), WebhookId = webhook.Id, OwnerId = Owner, Kind = AlertKinds.OccurrenceFailed, EventKey = Guid.NewGuid(),
                    Status = status, ExecutionId = Guid.NewGuid(), ScheduledFor = created, AttemptNumber = 1, OccurredAt = created,
                    CreatedAt = created, DueAt = created, Attempts = 1,
                });
            }
            await db.SaveChangesAsync();
        }

        await StartNodeAsync(new Dictionary<string, string?>(FastAlerts)
        {
            ["Alerts:RetentionDays"] = "30",
            ["Alerts:RetentionBatchSize"] = "2",
            ["Alerts:RetentionInterval"] = "00:00:02",
        });

        // The first round (at start) takes a batch of two of the three old ones; the next round, an interval later, the third.
        var counts = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline && (counts.Count == 0 || counts[^1] > 1))
        {
            var count = await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM alerts");
            if (counts.Count == 0 || counts[^1] != count)
                counts.Add(count);
            await Task.Delay(50);
        }

        Assert.That(counts.SkipWhile(c => c == 4), Is.EqualTo(new long[] { 2, 1 }), "alerts left after each round");
        Assert.That(await TestDatabase.ScalarAsync<DateTime>("SELECT created_at FROM alerts"), Is.GreaterThan(now.AddDays(-2).UtcDateTime));
    }
}
