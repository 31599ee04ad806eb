using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The claim-time share of the overlap policy on one in-process node with a real receiver: bufferOne waits, cancelPrevious drops overtaken retries.</summary>
internal sealed class OverlapPolicyTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Node_WithBufferOne_SendsTheNextOccurrenceOnlyAfterTheSlowPreviousOneFinished()
    {
        SlowReceiver("/slow", TimeSpan.FromSeconds(2));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/slow"), w => w.OverlapPolicy = OverlapPolicy.BufferOne);
        var now = DateTimeOffset.UtcNow;
        await Data.EnqueueAsync(webhook, now.AddSeconds(-2));
        await Data.EnqueueAsync(webhook, now.AddSeconds(-1));
        await StartNodeAsync();

        var rows = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            r => r.Count == 2 && r.All(e => e.Status == ExecutionStatus.Success), Deadline, "both occurrences sent");

        Assert.That(rows[1].ExecutedAt, Is.GreaterThanOrEqualTo(rows[0].FinishedAt!.Value), "the second waited for the first");
    }

    [Test]
    public async Task Node_WithCancelPrevious_RecordsTheOvertakenOccurrencesRetrySupersededAndRunsTheNewOne()
    {
        Receiver.Given(Request.Create().WithPath("/down")).RespondWith(Response.Create().WithStatusCode(500));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/down"), w =>
        {
            w.OverlapPolicy = OverlapPolicy.CancelPrevious;
            w.MaxRetries = 1;
            w.RetryDelaySeconds = 3;
        });
        var earlier = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Data.EnqueueAsync(webhook, earlier);
        await StartNodeAsync();
        await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id), r => r.Count == 1, Deadline, "the first attempt");

        await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow);

        var rows = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            r => r.Any(e => e.ScheduledFor < DateTimeOffset.UtcNow.AddSeconds(-30) && e.AttemptNumber == 2 && e.FinishedAt is not null), Deadline,
            "the earlier occurrence's retry");
        var retry = rows.Single(e => e.ScheduledFor < DateTimeOffset.UtcNow.AddSeconds(-30) && e.AttemptNumber == 2);
        Assert.That((retry.Status, retry.ErrorKind), Is.EqualTo((ExecutionStatus.Skipped, DeliveryErrorKinds.Superseded)));
        Assert.That(rows.Any(e => e.ScheduledFor > earlier.AddSeconds(30) && e.AttemptNumber == 1 && e.ExecutedAt is not null), Is.True, "the new one ran");
    }

    [Test]
    public async Task Node_WithAnOverlapPolicy_SendsBackfilledOccurrencesOneAfterAnotherInOrderAndSkipsNone()
    {
        SlowReceiver("/slow", TimeSpan.FromSeconds(1));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/slow"), w => w.OverlapPolicy = OverlapPolicy.Skip);
        var first = DateTimeOffset.UtcNow.AddHours(-3);
        for (var i = 0; i < 3; i++)
            await Data.EnqueueAsync(webhook, first.AddHours(i), dueAt: DateTimeOffset.UtcNow, trigger: ExecutionTrigger.Backfill);
        await StartNodeAsync();

        var rows = await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            r => r.Count == 3 && r.All(e => e.FinishedAt is not null), Deadline, "the three backfilled occurrences");

        Assert.That(rows.Select(e => e.Status), Is.All.EqualTo(ExecutionStatus.Success), "none skipped");
        Assert.That(rows[1].ExecutedAt, Is.GreaterThanOrEqualTo(rows[0].FinishedAt!.Value), "the second waited for the first");
        Assert.That(rows[2].ExecutedAt, Is.GreaterThanOrEqualTo(rows[1].FinishedAt!.Value), "the third waited for the second");
    }
}
