using CronHooks.SchedulerTests.Harness;
using System.Text;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>One attempt against a real receiver: what is sent, and how each kind of answer is recorded.</summary>
internal sealed class AttemptTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private async Task<Execution> DeliverAsync(Webhook webhook, DateTimeOffset? scheduledFor = null)
    {
        var id = await Data.EnqueueAsync(webhook, scheduledFor);
        if (Node is null)
            await StartNodeAsync();
        return await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");
    }

    [Test]
    public async Task Deliver_WhenPayloadAndHeadersAreSet_SendsExactlyTheStoredRequest()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200).WithBody("thanks"));
        // Odd spacing, key order and a non-ASCII character: the bytes must arrive exactly as stored.
        const string payload = "{ \"b\":1,   \"a\" : \"é\u00a0ü\" }";
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.HttpMethod = WebhookHttpMethod.Put;
            w.Payload = payload;
            w.Headers = new Dictionary<string, string> { ["X-Api-Token"] = "t0k3n", ["Accept"] = "text/plain" };
        });
        var occurrence = new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var execution = await DeliverAsync(webhook, occurrence);

        Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success));
        var request = Receiver.LogEntries.Single().RequestMessage!;
        var headers = request.Headers!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("PUT"));
            Assert.That(request.BodyAsBytes, Is.EqualTo(Encoding.UTF8.GetBytes(payload)));
            Assert.That(headers["Content-Type"].Single(), Is.EqualTo("application/json"));
            Assert.That(headers["User-Agent"].Single(), Does.Match(@"^CronHooks/\d+\.\d+\.\d+"));
            Assert.That(headers["X-Api-Token"].Single(), Is.EqualTo("t0k3n"));
            Assert.That(headers["Accept"].Single(), Is.EqualTo("text/plain"));
            Assert.That(headers["webhook-id"].Single(), Is.EqualTo(WebhookMessageId.For(webhook.Id, occurrence)));
            Assert.That(headers["webhook-id"].Single(), Does.Match("^msg_[0-9a-f]{32}$"));
            Assert.That(long.Parse(headers["webhook-timestamp"].Single()), Is.InRange(before, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            Assert.That(headers.ContainsKey("Cookie"), Is.False);
        });
    }

    [Test]
    public async Task Deliver_WhenUserSetsContentTypeAndUserAgent_KeepsTheirs()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(204));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Payload = "{}";
            w.Headers = new Dictionary<string, string> { ["Content-Type"] = "application/vnd.test+json", ["User-Agent"] = "mine/1" };
        });

        await DeliverAsync(webhook);

        var headers = Receiver.LogEntries.Single().RequestMessage!.Headers!;
        Assert.That(headers["Content-Type"].Single(), Is.EqualTo("application/vnd.test+json"));
        Assert.That(headers["User-Agent"].Single(), Is.EqualTo("mine/1"));
    }

    [Test]
    public async Task Deliver_WhenThereIsNoPayload_SendsNoBodyAndNoContentType()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.HttpMethod = WebhookHttpMethod.Get);

        var execution = await DeliverAsync(webhook);

        var request = Receiver.LogEntries.Single().RequestMessage!;
        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success));
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Headers!.ContainsKey("Content-Type"), Is.False);
            Assert.That(request.BodyAsBytes ?? [], Is.Empty);
        });
    }

    [Test]
    public async Task Deliver_WhenReceiverAnswers2xx_RecordsSuccessWithBodyAndStampsWebhook()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(201).WithBody("created"));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));

        var execution = await DeliverAsync(webhook);

        await using var db = Data.Db();
        var stored = await db.Webhooks.FindAsync(webhook.Id);
        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success));
            Assert.That(execution.ResponseCode, Is.EqualTo(201));
            Assert.That(execution.ResponseBody, Is.EqualTo("created"));
            Assert.That(execution.ResponseTruncated, Is.False);
            Assert.That(execution.ErrorKind, Is.Null);
            Assert.That(execution.DurationMs, Is.Not.Null.And.GreaterThanOrEqualTo(0));
            Assert.That(execution.ExecutedAt, Is.Not.Null);
            Assert.That(execution.FinishedAt, Is.Not.Null);
            Assert.That(execution.LeaseOwner, Is.EqualTo("test-node"));
            Assert.That(stored!.LastExecutionAt, Is.EqualTo(execution.ExecutedAt));
        });
    }

    [TestCase(404)]
    [TestCase(500)]
    public async Task Deliver_WhenReceiverAnswersAnErrorStatus_RecordsFailedWithTheCode(int code)
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(code).WithBody("nope"));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ResponseCode, Is.EqualTo(code));
            Assert.That(execution.ResponseBody, Is.EqualTo("nope"));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.HttpStatus));
        });
    }

    [Test]
    public async Task Deliver_WhenReceiverIsSlowerThanTheTimeout_RecordsTimeoutAfterTheTimeout()
    {
        Receiver.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(10)));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/slow"), w => w.TimeoutSeconds = 1);

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.Timeout));
            Assert.That(execution.ResponseCode, Is.Null);
            Assert.That(execution.DurationMs, Is.InRange(950, 3000));
        });
    }

    [Test]
    public async Task Deliver_WhenNothingListens_RecordsConnectionRefused()
    {
        var port = FreePort.Next();
        var webhook = await Data.CreateWebhookAsync(Owner, $"http://127.0.0.1:{port}/hook");

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.ConnectionRefused));
            Assert.That(execution.ErrorMessage, Is.Not.Empty);
            Assert.That(execution.DurationMs, Is.Not.Null);
        });
    }

    [Test]
    public async Task Deliver_WhenBodyIsLarge_KeepsExactly64KiBAndFlagsTruncation()
    {
        var body = new string('x', 1024 * 1024);
        Receiver.Given(Request.Create().WithPath("/big")).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/big"));

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success), $"{execution.ErrorKind}: {execution.ErrorMessage}");
            Assert.That(execution.ResponseBody, Has.Length.EqualTo(Execution.MaxResponseBodyBytes));
            Assert.That(execution.ResponseTruncated, Is.True);
        });
    }

    [Test]
    public async Task Deliver_WhenBodyNeverEnds_StopsReadingAt64KiBWithinTheTimeout()
    {
        // A receiver that streams forever: only a reader that stops at the limit finishes before the deadline.
        using var endless = new EndlessBodyReceiver();
        var webhook = await Data.CreateWebhookAsync(Owner, endless.Url, w => w.TimeoutSeconds = 10);

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Success));
            Assert.That(execution.ResponseTruncated, Is.True);
            Assert.That(execution.ResponseBody, Has.Length.EqualTo(Execution.MaxResponseBodyBytes));
            Assert.That(execution.DurationMs, Is.LessThan(5000));
        });
    }

    [Test]
    public async Task Deliver_WhenReceiverRedirects_DoesNotFollowAndRecordsTheLocation()
    {
        Receiver.Given(Request.Create().WithPath("/old")).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", ReceiverUrl("/new")));
        Receiver.Given(Request.Create().WithPath("/new")).RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/old"));

        var execution = await DeliverAsync(webhook);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(execution.ResponseCode, Is.EqualTo(302));
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.Redirect));
            Assert.That(execution.ErrorMessage, Does.Contain(ReceiverUrl("/new")));
            Assert.That(RequestsTo("/new"), Is.Zero);
        });
    }

    [Test]
    public async Task Deliver_WhenWebhookWasDeleted_RecordsSkippedAndSendsNothing()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"));
        var id = await Data.EnqueueAsync(webhook);
        await Data.ExecuteAsync("DELETE FROM webhooks WHERE id = @p0", webhook.Id);
        await StartNodeAsync();

        var execution = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id), e => e.Status == ExecutionStatus.Skipped, Deadline, "the skip");

        Assert.Multiple(() =>
        {
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.WebhookDeleted));
            Assert.That(execution.ErrorMessage, Is.Not.Empty);
            Assert.That(Receiver.LogEntries, Is.Empty);
        });
    }

    [Test]
    public async Task Deliver_WhenOccurrenceIsOutsideTheWindow_RecordsSkipped()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200));
        var occurrence = DateTimeOffset.UtcNow.AddMinutes(-1);
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.EndsAt = occurrence.AddSeconds(-30));

        var execution = await DeliverAsync(webhook, occurrence);

        Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Skipped));
        Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.OutsideWindow));
        Assert.That(Receiver.LogEntries, Is.Empty);
    }
}
