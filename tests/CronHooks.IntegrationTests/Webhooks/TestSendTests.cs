using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CronHooks.Domain.Webhooks;
using CronHooks.IntegrationTests.Host;
using Microsoft.AspNetCore.Mvc.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>Test sends against a real receiver on loopback (allowed on this fixture's host only): answered synchronously, never stored.</summary>
public sealed class TestSendTests : ApiTest
{
    private WebApplicationFactory<Program> host = null!;
    private WireMockServer receiver = null!;

    [OneTimeSetUp]
    public void StartHostAndReceiver()
    {
        receiver = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        host = Api.WithWebHostBuilder(b => b
            .UseSetting("Delivery:AllowedNetworks:0", "127.0.0.1/32")
            .UseSetting("Delivery:AllowPrivateNetworksInProduction", "true")
            .UseSetting("RateLimits:TestSendsPerUserPerMinute", "3"));
    }

    [OneTimeTearDown]
    public async Task StopHostAndReceiverAsync()
    {
        receiver.Stop();
        receiver.Dispose();
        await host.DisposeAsync();
    }

    [SetUp]
    public void ResetReceiver() => receiver.Reset();

    private string Url(string path) => receiver.Url + path;

    private static async Task AssertNothingStoredAsync()
    {
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM executions"), Is.Zero, "no history row");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue"), Is.Zero, "nothing queued");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhook_delivery_state"), Is.Zero, "no delivery state");
    }

    [Test]
    public async Task TestWebhook_WhenTheReceiverAnswers_ReturnsItsAnswerSendsTheHeadersAndStoresNothing()
    {
        receiver.Given(Request.Create().WithPath("/hook").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("X-Reply", "yes").WithBody("pong"));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var response = await client.PostAsJsonAsync("/api/v1/webhooks/test",
            WebhookRequests.Once(DateTimeOffset.UtcNow.AddDays(1)).With("url", Url("/hook")));

        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var result = JsonDocument.Parse(text).RootElement;
        Assert.That(result.GetProperty("verdict").GetString(), Is.EqualTo("success"));
        Assert.That(result.GetProperty("responseCode").GetInt32(), Is.EqualTo(201));
        Assert.That(result.GetProperty("responseBody").GetString(), Is.EqualTo("pong"));
        Assert.That(result.GetProperty("responseHeaders").GetProperty("X-Reply").GetString(), Is.EqualTo("yes"));
        Assert.That(result.GetProperty("request").GetProperty("method").GetString(), Is.EqualTo("PUT"));
        Assert.That(text, Does.Not.Contain("abc123"), "the header's secret value is never echoed back");

        var sent = receiver.LogEntries.Single().RequestMessage!;
        Assert.That(sent.Headers!["X-Api-Key"].Single(), Is.EqualTo("abc123"));
        Assert.That(sent.Headers["CronHooks-Test"].Single(), Is.EqualTo("true"));
        Assert.That(sent.Headers.ContainsKey("webhook-signature"), Is.True);
        Assert.That(sent.Body, Is.EqualTo("""{"message":"hello","count":3}"""));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero, "the definition is not saved");
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task TestSavedWebhook_WhenCalled_SendsItSignedWithItsSecretAndRecordsNoAttempt()
    {
        receiver.Given(Request.Create().WithPath("/saved").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var client = await ApiFactory.CreateUserClientAsync(host);
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("url", Url("/saved")));
        var secret = created.GetProperty("signingSecret").GetString()!;

        var response = await client.PostAsync($"/api/v1/webhooks/{created.GetProperty("id").GetGuid()}/test", null);

        var result = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result.ToString());
        Assert.That(result.GetProperty("verdict").GetString(), Is.EqualTo("success"));
        var sent = receiver.LogEntries.Single().RequestMessage!;
        var verified = WebhookSignature.Verify(secret, sent.Headers!["webhook-id"].Single(), sent.Headers["webhook-timestamp"].Single(),
            sent.Headers["webhook-signature"].Single(), Encoding.UTF8.GetBytes(sent.Body ?? ""), DateTimeOffset.UtcNow);
        Assert.That(verified, Is.True, "a receiver verifies a saved webhook's test with the webhook's own secret");
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task TestWebhook_WhenTheReceiverFails_ReturnsAFailureVerdictWithTheReason()
    {
        receiver.Given(Request.Create().WithPath("/broken")).RespondWith(Response.Create().WithStatusCode(503).WithBody("down"));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var answered = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/webhooks/test",
            WebhookRequests.Recurring().With("url", Url("/broken"))));
        var refused = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/webhooks/test",
            WebhookRequests.Recurring().With("url", "http://127.0.0.1:9/closed")));

        Assert.That(answered.GetProperty("verdict").GetString(), Is.EqualTo("failure"));
        Assert.That(answered.GetProperty("responseCode").GetInt32(), Is.EqualTo(503));
        Assert.That(answered.GetProperty("errorKind").GetString(), Is.EqualTo("http_status"));
        Assert.That(refused.GetProperty("verdict").GetString(), Is.EqualTo("failure"));
        Assert.That(refused.GetProperty("errorKind").GetString(), Is.EqualTo("connection_refused"));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task TestWebhook_WhenTheInputIsBad_AnswersAProblemNamingTheFieldAndSendsNothing()
    {
        var client = await Api.CreateUserClientAsync();

        var blocked = await client.PostAsJsonAsync("/api/v1/webhooks/test", WebhookRequests.Recurring().With("url", "http://10.0.0.1/hook"));
        var masked = await client.PostAsJsonAsync("/api/v1/webhooks/test",
            WebhookRequests.Recurring().With("headers", new Dictionary<string, string?> { ["X-Api-Key"] = null }));
        var noUrl = await client.PostAsJsonAsync("/api/v1/webhooks/test", WebhookRequests.Recurring().With("url", null));
        var someoneElses = await (await Api.CreateUserClientAsync()).PostAsync(
            $"/api/v1/webhooks/{(await client.CreateWebhookAsync(WebhookRequests.Recurring())).GetProperty("id").GetGuid()}/test", null);

        await AssertProblemAsync(blocked, HttpStatusCode.BadRequest, "url");
        await AssertProblemAsync(masked, HttpStatusCode.BadRequest, "headers");
        await AssertProblemAsync(noUrl, HttpStatusCode.BadRequest, "url");
        await AssertProblemAsync(someoneElses, HttpStatusCode.NotFound);
        Assert.That(receiver.LogEntries, Is.Empty);
    }

    [Test]
    public async Task TestWebhook_WhenAUserSendsMoreThanTheLimit_AnswersTooManyRequests()
    {
        receiver.Given(Request.Create().WithPath("/often")).RespondWith(Response.Create().WithStatusCode(200));
        var client = await ApiFactory.CreateUserClientAsync(host);
        var body = WebhookRequests.Recurring().With("url", Url("/often"));
        for (var i = 0; i < 3; i++)
            Assert.That((await client.PostAsJsonAsync("/api/v1/webhooks/test", body)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var limited = await client.PostAsJsonAsync("/api/v1/webhooks/test", body);

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(receiver.LogEntries, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task TestWebhook_WithSuccessCriteria_JudgesTheAnswerByThemAndSaysWhichCheckFailed()
    {
        receiver.Given(Request.Create().WithPath("/judged")).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"success":false}"""));
        receiver.Given(Request.Create().WithPath("/gone")).RespondWith(Response.Create().WithStatusCode(404));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var failed = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/webhooks/test", WebhookRequests.Recurring()
            .With("url", Url("/judged")).With("successCriteria", new { jsonPointer = "/success", equals = true })));
        var accepted = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/webhooks/test", WebhookRequests.Recurring()
            .With("url", Url("/gone")).With("successCriteria", new { statusCodes = new[] { "404" } })));

        Assert.Multiple(() =>
        {
            Assert.That(failed.GetProperty("verdict").GetString(), Is.EqualTo("failure"));
            Assert.That(failed.GetProperty("responseCode").GetInt32(), Is.EqualTo(200));
            Assert.That(failed.GetProperty("errorKind").GetString(), Is.EqualTo("assertion_failed"));
            Assert.That(failed.GetProperty("errorMessage").GetString(), Is.EqualTo("successCriteria.equals: the value at \"/success\" is false, not true."));
            Assert.That(accepted.GetProperty("verdict").GetString(), Is.EqualTo("success"));
            Assert.That(accepted.GetProperty("errorKind").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        await AssertNothingStoredAsync();
    }
}
