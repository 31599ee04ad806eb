using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Delivery;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Recording outcomes: from the queue to the history, and what they leave alone.</summary>
internal sealed class HistoryWriterTests : QueueSqlTest
{
    [Test]
    public async Task RecordAll_WhenOutcomesAreWritten_MovesEachAttemptFromTheQueueToTheHistoryUnderItsId()
    {
        var webhooks = new[]
        {
            await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"),
            await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/"),
        };
        foreach (var webhook in webhooks)
            await Data.EnqueueAsync(webhook);
        var claims = await Queue.ClaimAsync("a", 2, 2, TimeSpan.FromSeconds(5), CancellationToken.None);
        var sentAt = DateTimeOffset.UtcNow;
        var outcomes = new[]
        {
            new RecordedOutcome(claims[0], new AttemptOutcome(ExecutionStatus.Success, sentAt, 12, 200, "ok", false, null, null, null)),
            new RecordedOutcome(claims[1], new AttemptOutcome(ExecutionStatus.Retrying, sentAt, 30, 503, null, false, "http_status", "503", TimeSpan.FromMinutes(1))),
        };

        var written = await History.RecordAllAsync("a", outcomes, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(written, Is.EqualTo(new[] { true, true }));
            Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE id = ANY (@p0)", claims.Select(c => c.Id).ToArray()),
                Is.Zero, "out of the queue");
            Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM executions WHERE id = ANY (@p0)", claims.Select(c => c.Id).ToArray()),
                Is.EqualTo(2), "into the history, same ids");
            Assert.That((await Data.ExecutionAsync(claims[0].Id)).ResponseBody, Is.EqualTo("ok"));
            Assert.That(await Data.ScalarAsync<Guid>("SELECT last_outcome_id FROM webhook_delivery_state WHERE webhook_id = @p0", claims[1].WebhookId),
                Is.EqualTo(claims[1].Id), "the webhook's last outcome, for the list");
            Assert.That(await Data.ScalarAsync<string>("SELECT last_outcome_status FROM webhook_delivery_state WHERE webhook_id = @p0", claims[1].WebhookId),
                Is.EqualTo("Retrying"));
            var retry = (await Data.ExecutionsAsync(claims[1].WebhookId)).Last();
            Assert.That((retry.AttemptNumber, retry.Status, retry.Trigger), Is.EqualTo((2, ExecutionStatus.Pending, ExecutionTrigger.Retry)));
            Assert.That(retry.DueAt - DateTimeOffset.UtcNow, Is.GreaterThan(TimeSpan.FromSeconds(50)));
        });
    }

    [Test]
    public async Task Record_WhenAnAttemptIsSent_StampsTheWebhookWithoutWritingItsRow()
    {
        var webhook = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        await Data.EnqueueAsync(webhook);
        var versionBefore = await VersionOfAsync(webhook.Id);
        var claim = (await Queue.ClaimAsync("a", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single();
        var sentAt = new DateTimeOffset(DateTime.UtcNow.Ticks / 10 * 10, TimeSpan.Zero);

        await History.RecordAsync("a", claim, new AttemptOutcome(ExecutionStatus.Failed, sentAt, 5, 500, null, false, "http_status", "500", null),
            CancellationToken.None);

        // An API edit that read the webhook before the delivery still saves: its row version did not move.
        Assert.That(await VersionOfAsync(webhook.Id), Is.EqualTo(versionBefore));
        Assert.That(await Data.ScalarAsync<DateTime>("SELECT last_execution_at FROM webhook_delivery_state WHERE webhook_id = @p0", webhook.Id),
            Is.EqualTo(sentAt.UtcDateTime));
        Assert.That(await Data.ScalarAsync<int>("SELECT failure_streak FROM webhook_delivery_state WHERE webhook_id = @p0", webhook.Id), Is.EqualTo(1));
    }

    private async Task<long> VersionOfAsync(Guid webhookId) =>
        await Data.ScalarAsync<long>("SELECT xmin::text::bigint FROM webhooks WHERE id = @p0", webhookId);
}
