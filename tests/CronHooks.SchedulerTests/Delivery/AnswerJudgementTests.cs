using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// How an answer is judged (success criteria) and whether a failure is retried (retry classes, maxRetryAgeSeconds), against a
/// real receiver. One node and one receiver serve the whole fixture: each test has a webhook and a path of its own.
/// </summary>
internal sealed class AnswerJudgementTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    // Long enough that a queued retry never comes due during the fixture: a test sees it pending.
    private const int FarRetryDelaySeconds = 3_600;

    private WireMockServer receiver = null!;
    private DeliveryTestData data = null!;
    private InProcessDeliveryNode node = null!;
    private Guid owner;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.ResetAsync();
        data = new DeliveryTestData(TestDatabase.ConnectionString);
        owner = await data.CreateOwnerAsync();
        receiver = WireMockServer.Start();
        node = await InProcessDeliveryNode.StartAsync(TestDatabase.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await node.DisposeAsync();
        receiver.Stop();
        receiver.Dispose();
    }

    /// <summary>A receiver at a path of its own answering <paramref name="status"/> with <paramref name="body"/>; the first attempt's row once recorded, and every row.</summary>
    private async Task<(Execution First, List<Execution> All)> DeliverAsync(int status, string body, Action<Webhook> configure,
        DateTimeOffset? scheduledFor = null, TimeSpan? delay = null)
    {
        var path = "/" + Guid.NewGuid().ToString("N");
        var response = Response.Create().WithStatusCode(status).WithBody(body);
        receiver.Given(Request.Create().WithPath(path)).RespondWith(delay is { } wait ? response.WithDelay(wait) : response);
        var webhook = await data.CreateWebhookAsync(owner, $"http://127.0.0.1:{receiver.Port}{path}", configure);
        var id = await data.EnqueueAsync(webhook, scheduledFor);
        var first = await Eventually.ReturnsAsync(() => data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");
        return (first, await data.ExecutionsAsync(webhook.Id));
    }

    private static Action<Webhook> Criteria(SuccessCriteria criteria, int maxRetries = 0) => w =>
    {
        w.SuccessCriteria = criteria;
        w.MaxRetries = maxRetries;
        w.RetryDelaySeconds = FarRetryDelaySeconds;
    };

    private static Action<Webhook> Retries(List<string>? retryOn = null, int? maxRetryAgeSeconds = null) => w =>
    {
        w.MaxRetries = 3;
        w.RetryDelaySeconds = FarRetryDelaySeconds;
        w.RetryOn = retryOn;
        w.MaxRetryAgeSeconds = maxRetryAgeSeconds;
    };

    [Test]
    public async Task Deliver_WhenStatusIsAnAcceptedCode_RecordsSuccess()
    {
        var (attempt, _) = await DeliverAsync(404, "gone, as expected", Criteria(new SuccessCriteria { StatusCodes = ["2xx", "404"] }));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Success));
            Assert.That(attempt.ResponseCode, Is.EqualTo(404));
            Assert.That(attempt.ErrorKind, Is.Null);
        });
    }

    [Test]
    public async Task Deliver_When2xxIsNotAnAcceptedCode_RecordsAssertionFailedWithoutRetry()
    {
        var (attempt, all) = await DeliverAsync(204, "", Criteria(new SuccessCriteria { StatusCodes = ["200"] }, maxRetries: 3));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(attempt.ErrorMessage, Does.StartWith("successCriteria.statusCodes: the receiver answered 204"));
            Assert.That(attempt.ErrorMessage, Does.Contain("Not retried: an assertion failure is permanent"));
            Assert.That(all, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Deliver_WhenBodyLacksBodyContains_RecordsAssertionFailedQuotingTheBody()
    {
        var (attempt, _) = await DeliverAsync(200, """{"success":false}""", Criteria(new SuccessCriteria { BodyContains = "\"success\":true" }));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(attempt.ErrorMessage, Is.EqualTo("""successCriteria.bodyContains: the body does not contain ""success":true"; it was: "{"success":false}" """.TrimEnd()));
        });
    }

    [Test]
    public async Task Deliver_WhenBodyContainsAndMatchesTheRegex_RecordsSuccess()
    {
        var (attempt, _) = await DeliverAsync(200, "status: OK (3 jobs)",
            Criteria(new SuccessCriteria { BodyContains = "OK", BodyRegex = @"\(\d+ jobs\)$" }));

        Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Success), attempt.ErrorMessage);
    }

    [Test]
    public async Task Deliver_WhenBodyDoesNotMatchTheRegex_RecordsAssertionFailedWithAnExcerptOf200Characters()
    {
        var body = "error: " + new string('x', 1_000);

        var (attempt, _) = await DeliverAsync(200, body, Criteria(new SuccessCriteria { BodyRegex = "^ok" }));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(attempt.ErrorMessage, Does.StartWith("successCriteria.bodyRegex: the body does not match /^ok/; it was: \"error: xxx"));
            Assert.That(attempt.ErrorMessage, Has.Length.LessThan(300));
        });
    }

    [Test]
    public async Task Deliver_WhenTheRegexBacktracksPastItsTimeout_RecordsAssertionFailedSoon()
    {
        // Catastrophic backtracking: without the 100 ms match timeout this would take minutes.
        var (attempt, _) = await DeliverAsync(200, new string('a', 40) + "!", Criteria(new SuccessCriteria { BodyRegex = "^(a+)+$" }));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(attempt.ErrorMessage, Does.StartWith("successCriteria.bodyRegex: matching did not finish within 100 ms"));
            Assert.That(attempt.FinishedAt!.Value - attempt.ExecutedAt!.Value, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public async Task Deliver_WhenTheValueAtTheJsonPointerEqualsAsJson_RecordsSuccess()
    {
        // Equal as JSON values: 1.0 is 1, and key order does not matter.
        var (attempt, _) = await DeliverAsync(200, """{"data":{"count":1.0,"state":{"b":2,"a":"x"}}}""",
            Criteria(new SuccessCriteria { JsonPointer = "/data/state", EqualsJson = """{"a":"x","b":2}""" }));
        var (number, _) = await DeliverAsync(200, """{"data":{"count":1.0}}""",
            Criteria(new SuccessCriteria { JsonPointer = "/data/count", EqualsJson = "1" }));

        Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Success), attempt.ErrorMessage);
        Assert.That(number.Status, Is.EqualTo(ExecutionStatus.Success), number.ErrorMessage);
    }

    [Test]
    public async Task Deliver_WhenTheValueAtTheJsonPointerDiffersOrIsMissing_RecordsAssertionFailedSayingWhat()
    {
        var (differs, _) = await DeliverAsync(200, """{"result":{"success":false}}""",
            Criteria(new SuccessCriteria { JsonPointer = "/result/success", EqualsJson = "true" }));
        var (missing, _) = await DeliverAsync(200, """{"result":{}}""",
            Criteria(new SuccessCriteria { JsonPointer = "/result/success" }));
        var (notJson, _) = await DeliverAsync(200, "<html>", Criteria(new SuccessCriteria { JsonPointer = "/result" }));

        Assert.Multiple(() =>
        {
            Assert.That(differs.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(differs.ErrorMessage, Is.EqualTo("successCriteria.equals: the value at \"/result/success\" is false, not true."));
            Assert.That(missing.ErrorMessage, Does.StartWith("successCriteria.jsonPointer: the body has no value at \"/result/success\""));
            Assert.That(notJson.ErrorMessage, Does.StartWith("successCriteria.jsonPointer: the body is not JSON; it was: \"<html>\""));
        });
    }

    [Test]
    public async Task Deliver_WhenTheAnswerTakesLongerThanMaxDurationMs_RecordsAssertionFailed()
    {
        var (attempt, _) = await DeliverAsync(200, "late", Criteria(new SuccessCriteria { MaxDurationMs = 50 }), delay: TimeSpan.FromMilliseconds(400));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.AssertionFailed));
            Assert.That(attempt.ErrorMessage, Does.StartWith("successCriteria.maxDurationMs: the answer took").And.EndWith("more than 50 ms."));
        });
    }

    [TestCase(404, null, ExecutionStatus.Failed, TestName = "Deliver_When404ByDefault_RecordsFailedAtOnce")]
    [TestCase(400, null, ExecutionStatus.Failed, TestName = "Deliver_When400ByDefault_RecordsFailedAtOnce")]
    [TestCase(301, null, ExecutionStatus.Failed, TestName = "Deliver_WhenRedirectByDefault_RecordsFailedAtOnce")]
    [TestCase(503, null, ExecutionStatus.Retrying, TestName = "Deliver_When503ByDefault_QueuesARetry")]
    [TestCase(429, null, ExecutionStatus.Retrying, TestName = "Deliver_When429ByDefault_QueuesARetry")]
    [TestCase(408, null, ExecutionStatus.Retrying, TestName = "Deliver_When408ByDefault_QueuesARetry")]
    [TestCase(404, "4xx", ExecutionStatus.Retrying, TestName = "Deliver_When404AndRetryOnNames4xx_QueuesARetry")]
    [TestCase(409, "409", ExecutionStatus.Retrying, TestName = "Deliver_When409AndRetryOnNames409_QueuesARetry")]
    [TestCase(503, "timeout", ExecutionStatus.Failed, TestName = "Deliver_When503AndRetryOnLeaves5xxOut_RecordsFailedAtOnce")]
    public async Task Deliver_ByRetryClass_RetriesOnlyWhatIsRetryable(int status, string? retryOn, ExecutionStatus expected)
    {
        var (attempt, all) = await DeliverAsync(status, "answer", Retries(retryOn is null ? null : [retryOn]));

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Status, Is.EqualTo(expected), attempt.ErrorMessage);
            Assert.That(all, Has.Count.EqualTo(expected == ExecutionStatus.Retrying ? 2 : 1));
            if (expected == ExecutionStatus.Failed)
                Assert.That(attempt.ErrorMessage, Does.EndWith($"Not retried: a {status} is permanent (retryOn: {retryOn ?? "timeout, connection, 408, 425, 429, 5xx"})."));
        });
    }

    [Test]
    public async Task Deliver_WhenAnAssertionFailsAndRetryOnNamesAssertion_QueuesARetry()
    {
        var (attempt, all) = await DeliverAsync(200, "nope", w =>
        {
            Retries(["assertion"])(w);
            w.SuccessCriteria = new SuccessCriteria { BodyContains = "ok" };
        });

        Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Retrying));
        Assert.That(all, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Deliver_WhenNothingListens_QueuesARetryByDefault()
    {
        var webhook = await data.CreateWebhookAsync(owner, $"http://127.0.0.1:{FreePort.Next()}/hook", Retries());
        var id = await data.EnqueueAsync(webhook);

        var attempt = await Eventually.ReturnsAsync(() => data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");

        Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.ConnectionRefused));
        Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Retrying));
    }

    [Test]
    public async Task Deliver_WhenTheNextAttemptWouldBePastMaxRetryAge_RecordsFailedSayingWhy()
    {
        // The occurrence was 10 minutes ago and the first retry would wait an hour: past an age of 30 minutes.
        var occurrence = DateTimeOffset.UtcNow.AddMinutes(-10);

        var (attempt, all) = await DeliverAsync(503, "busy", Retries(maxRetryAgeSeconds: 1_800), occurrence);
        var (young, youngAll) = await DeliverAsync(503, "busy", Retries(maxRetryAgeSeconds: 2 * FarRetryDelaySeconds), occurrence);

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(attempt.ErrorKind, Is.EqualTo(DeliveryErrorKinds.HttpStatus));
            Assert.That(attempt.ErrorMessage, Does.Contain("Not retried: the next attempt would be at").And.Contain("more than maxRetryAgeSeconds (1800 s) after the occurrence"));
            Assert.That(all, Has.Count.EqualTo(1));
            Assert.That(young.Status, Is.EqualTo(ExecutionStatus.Retrying));
            Assert.That(youngAll, Has.Count.EqualTo(2));
        });
    }
}
