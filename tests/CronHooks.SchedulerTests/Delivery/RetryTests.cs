using CronHooks.SchedulerTests.Harness;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Durable retries: each attempt a row, exponential delays, Retry-After, and cancellation.</summary>
internal sealed class RetryTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private async Task<List<Execution>> AttemptsAsync(Webhook webhook, int count, Func<Execution, bool> lastDone) =>
        await Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            rows => rows.Count == count && lastDone(rows[^1]), Deadline, $"{count} attempts");

    [Test]
    public async Task Retry_WhenReceiverKeepsFailing_QueuesAttemptsWithExponentialDelaysAndTheSameWebhookId()
    {
        Receiver.Given(Request.Create().WithPath("/down")).RespondWith(Response.Create().WithStatusCode(500));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/down"), w => { w.MaxRetries = 2; w.RetryDelaySeconds = 1; });
        var occurrence = DateTimeOffset.UtcNow;
        await Data.EnqueueAsync(webhook, occurrence);
        await StartNodeAsync();

        var rows = await AttemptsAsync(webhook, 3, last => last.Status == ExecutionStatus.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Status), Is.EqualTo(new[] { ExecutionStatus.Retrying, ExecutionStatus.Retrying, ExecutionStatus.Failed }));
            Assert.That(rows.Select(r => r.AttemptNumber), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(rows.Skip(1).Select(r => r.Trigger), Is.All.EqualTo(ExecutionTrigger.Retry));
            Assert.That(rows.Select(r => r.ScheduledFor), Is.All.EqualTo(rows[0].ScheduledFor));
            // base × 2^(k−1): the next attempt is due exactly that long after the failed one was recorded.
            Assert.That(rows[1].DueAt - rows[0].FinishedAt!.Value, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(rows[2].DueAt - rows[1].FinishedAt!.Value, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(rows[1].ExecutedAt, Is.GreaterThanOrEqualTo(rows[1].DueAt.AddMilliseconds(-50)));
            Assert.That(rows[2].ExecutedAt, Is.GreaterThanOrEqualTo(rows[2].DueAt.AddMilliseconds(-50)));
        });
        var ids = Receiver.LogEntries.Select(e => e.RequestMessage!.Headers!["webhook-id"].Single()).ToList();
        Assert.That(ids, Has.Count.EqualTo(3));
        Assert.That(ids.Distinct().Single(), Is.EqualTo(WebhookMessageId.For(webhook.Id, rows[0].ScheduledFor)));
    }

    [Test]
    public async Task Retry_WhenAFailedAttemptIsRetried_SucceedsOnTheNextAttempt()
    {
        Receiver.Given(Request.Create().WithPath("/flaky")).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(502));
        Receiver.Given(Request.Create().WithPath("/flaky")).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/flaky"), w => { w.MaxRetries = 3; w.RetryDelaySeconds = 1; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();

        var rows = await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Success);

        Assert.That(rows[0].Status, Is.EqualTo(ExecutionStatus.Retrying));
        Assert.That(rows[0].ResponseCode, Is.EqualTo(502));
    }

    [Test]
    public async Task Retry_WhenReceiverSends503WithRetryAfterSeconds_WaitsThatLong()
    {
        Receiver.Given(Request.Create().WithPath("/busy")).RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "3"));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/busy"), w => { w.MaxRetries = 1; w.RetryDelaySeconds = 1; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();

        var rows = await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Failed);

        Assert.That(rows[1].DueAt - rows[0].FinishedAt!.Value, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Retry_WhenReceiverSends429WithRetryAfterDate_WaitsUntilThen()
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(4);
        Receiver.Given(Request.Create().WithPath("/limited")).InScenario("limited").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", until.ToString("R")));
        Receiver.Given(Request.Create().WithPath("/limited")).InScenario("limited").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/limited"), w => { w.MaxRetries = 1; w.RetryDelaySeconds = 1; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();

        var rows = await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Success);

        // The HTTP date has whole seconds: the retry is due at that second, give or take the rounding.
        Assert.That(rows[1].DueAt, Is.EqualTo(until).Within(TimeSpan.FromSeconds(1.1)));
        Assert.That(rows[1].ExecutedAt, Is.GreaterThanOrEqualTo(rows[1].DueAt.AddMilliseconds(-50)));
    }

    [Test]
    public async Task Retry_WhenWebhookIsCancelledBetweenAttempts_SkipsThePendingRetry()
    {
        Receiver.Given(Request.Create().WithPath("/down")).RespondWith(Response.Create().WithStatusCode(500));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/down"), w => { w.MaxRetries = 3; w.RetryDelaySeconds = 2; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();
        await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Pending);

        await Data.ExecuteAsync("UPDATE webhooks SET is_active = false WHERE id = @p0", webhook.Id);

        var rows = await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Skipped);
        Assert.Multiple(() =>
        {
            Assert.That(rows[1].ErrorKind, Is.EqualTo(DeliveryErrorKinds.WebhookCancelled));
            Assert.That(RequestsTo("/down"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Retry_WhenWebhookIsDeletedWhileAnAttemptIsInFlight_RecordsThatAttemptAndSkipsTheRetry()
    {
        Receiver.Given(Request.Create().WithPath("/slow-fail")).RespondWith(Response.Create().WithStatusCode(500).WithDelay(TimeSpan.FromSeconds(1)));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/slow-fail"), w => { w.MaxRetries = 3; w.RetryDelaySeconds = 1; });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync();
        await Eventually.TrueAsync(() => RequestsTo("/slow-fail") == 1, Deadline, "the first request");

        await Data.ExecuteAsync("DELETE FROM webhooks WHERE id = @p0", webhook.Id);

        var rows = await AttemptsAsync(webhook, 2, last => last.Status == ExecutionStatus.Skipped);
        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Status, Is.EqualTo(ExecutionStatus.Retrying));
            Assert.That(rows[0].ResponseCode, Is.EqualTo(500));
            Assert.That(rows[1].ErrorKind, Is.EqualTo(DeliveryErrorKinds.WebhookDeleted));
            Assert.That(RequestsTo("/slow-fail"), Is.EqualTo(1));
        });
    }
}
