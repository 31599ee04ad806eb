using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Persistence;
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

    [Test]
    public async Task RecordAll_WhenStateRowsAreNewOrOld_CountsEachHistoryRowOnce()
    {
        var old = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var fresh = await Data.CreateWebhookAsync(Owner, "http://127.0.0.1:9/");
        var sentAt = DateTimeOffset.UtcNow;
        await Data.EnqueueAsync(old, sentAt.AddMinutes(-2));
        await History.RecordAllAsync("a", [Succeeded((await Queue.ClaimAsync("a", 1, 1, TimeSpan.FromSeconds(5), CancellationToken.None)).Single())],
            CancellationToken.None);
        await Data.EnqueueAsync(old, sentAt.AddMinutes(-1));
        await Data.EnqueueAsync(fresh, sentAt.AddMinutes(-1));
        var claims = await Queue.ClaimAsync("a", 2, 2, TimeSpan.FromSeconds(5), CancellationToken.None);

        await History.RecordAllAsync("a", claims.Select(c => c.WebhookId == old.Id
            ? new RecordedOutcome(c, new AttemptOutcome(ExecutionStatus.Failed, sentAt, 5, 500, null, false, "http_status", "500", null))
            : new RecordedOutcome(c, new AttemptOutcome(ExecutionStatus.Retrying, sentAt, 5, 503, null, false, "http_status", "503", TimeSpan.FromMinutes(1))))
            .ToList(), CancellationToken.None);
        // Another writer of history (a skip), counted by the trigger: the outcome statement's mark covered that statement only.
        await Data.ExecuteAsync($"""
            BEGIN;
            SELECT {HistoryCounts.MarkNextInsertCounted};
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            VALUES (gen_random_uuid(), @p0, @p1, 'Skipped', 1, 'Schedule', now(), now(), false, now(), now());
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            VALUES (gen_random_uuid(), @p0, @p1, 'Skipped', 1, 'Schedule', now() - interval '1 hour', now(), false, now(), now());
            COMMIT;
            """, fresh.Id, Owner);

        Assert.Multiple(async () =>
        {
            Assert.That(await CountsAsync(old.Id), Is.EqualTo((1L, 1L, 0L, 0L)), "success, failed, retrying, skipped");
            Assert.That(await CountsAsync(fresh.Id), Is.EqualTo((0L, 0L, 1L, 1L)), "the marked insert left out, the next one counted");
            Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM executions WHERE webhook_id = @p0 AND status <> 'Pending'", fresh.Id),
                Is.EqualTo(3), "what the history holds: the retrying attempt and both skips");
        });
    }

    private static RecordedOutcome Succeeded(ClaimedAttempt claim) =>
        new(claim, new AttemptOutcome(ExecutionStatus.Success, DateTimeOffset.UtcNow, 12, 200, "ok", false, null, null, null));

    private async Task<(long Success, long Failed, long Retrying, long Skipped)> CountsAsync(Guid webhookId) =>
        (await Data.ScalarAsync<long>("SELECT success_count FROM webhook_delivery_state WHERE webhook_id = @p0", webhookId),
         await Data.ScalarAsync<long>("SELECT failed_count FROM webhook_delivery_state WHERE webhook_id = @p0", webhookId),
         await Data.ScalarAsync<long>("SELECT retrying_count FROM webhook_delivery_state WHERE webhook_id = @p0", webhookId),
         await Data.ScalarAsync<long>("SELECT skipped_count FROM webhook_delivery_state WHERE webhook_id = @p0", webhookId));

    private async Task<long> VersionOfAsync(Guid webhookId) =>
        await Data.ScalarAsync<long>("SELECT xmin::text::bigint FROM webhooks WHERE id = @p0", webhookId);
}
