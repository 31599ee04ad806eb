using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>A redelivery as the API queues it, sent by a real node to a real receiver.</summary>
internal sealed class RedeliveryTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    /// <summary>What POST /executions/{id}/redeliver inserts: the occurrence's next attempt, due now.</summary>
    private Task<int> RedeliverAsync(Execution last) => Data.ExecuteAsync("""
        INSERT INTO execution_queue (id, webhook_id, owner_id, attempt_number, trigger, scheduled_for, due_at, created_at)
        VALUES (gen_random_uuid(), @p0, @p1, @p2, 'Redelivery', @p3, now(), now())
        """, last.WebhookId, last.OwnerId, last.AttemptNumber + 1, last.ScheduledFor);

    [Test]
    public async Task Redelivery_OfAFailedOccurrence_IsOneAttemptWithTheSameWebhookIdUntilOneSucceeds()
    {
        Receiver.Given(Request.Create().WithPath("/dead")).InScenario("dead").WillSetStateTo("still down")
            .RespondWith(Response.Create().WithStatusCode(500));
        Receiver.Given(Request.Create().WithPath("/dead")).InScenario("dead").WhenStateIs("still down").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(500));
        Receiver.Given(Request.Create().WithPath("/dead")).InScenario("dead").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/dead"), w => { w.MaxRetries = 0; w.RetryDelaySeconds = 1; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();
        var failed = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id), rows => rows is [{ Status: ExecutionStatus.Failed }], Deadline, "the failed attempt");

        await RedeliverAsync(failed[0]);
        var redeliveredOnce = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            rows => rows.Count == 2 && rows[1].Status is ExecutionStatus.Failed or ExecutionStatus.Retrying or ExecutionStatus.Success, Deadline, "the first redelivery");
        await RedeliverAsync(redeliveredOnce[1]);
        var rows = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            rows => rows.Count == 3 && rows[2].Status == ExecutionStatus.Success, Deadline, "the second redelivery");

        Assert.That(rows.Select(r => r.Status), Is.EqualTo(new[] { ExecutionStatus.Failed, ExecutionStatus.Failed, ExecutionStatus.Success }),
            "a failed redelivery is not retried: one attempt each");
        Assert.That(rows.Skip(1).Select(r => r.Trigger), Is.All.EqualTo(ExecutionTrigger.Redelivery));
        var ids = Receiver.LogEntries.Select(e => e.RequestMessage!.Headers!["webhook-id"].Single()).ToList();
        Assert.That(ids, Has.Count.EqualTo(3));
        Assert.That(ids.Distinct().Single(), Is.EqualTo(WebhookMessageId.For(webhook.Id, rows[0].ScheduledFor)), "one occurrence, one webhook-id");
    }
}
