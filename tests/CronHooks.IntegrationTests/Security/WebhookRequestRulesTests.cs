using System.Net;
using System.Net.Http.Json;
using System.Text;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Security;

/// <summary>What create and replace refuse: inside destinations, forbidden or malformed headers, too much of anything.</summary>
public sealed class WebhookRequestRulesTests : ApiTest
{
    private static async Task AssertRejectedAsync(HttpResponseMessage response, string field, string reasonPart)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(problem.GetProperty("errors").GetProperty(field).ToString(), Does.Contain(reasonPart));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [TestCase("http://2130706433/hook", "private or reserved")]
    [TestCase("http://0x7f000001/hook", "private or reserved")]
    [TestCase("http://0177.0.0.1/hook", "private or reserved")]
    [TestCase("http://127.1/hook", "private or reserved")]
    [TestCase("http://[::ffff:127.0.0.1]/hook", "private or reserved")]
    [TestCase("http://0/hook", "private or reserved")]
    [TestCase("http://169.254.169.254/latest/meta-data/", "private or reserved")]
    [TestCase("http://10.0.0.1/", "private or reserved")]
    [TestCase("http://168.63.129.16/machine?comp=goalstate", "private or reserved")]
    [TestCase("http://localhost:8080/", "localhost")]
    [TestCase("http://app.localhost/", "localhost")]
    [TestCase("http://metadata.google.internal/", ".internal")]
    [TestCase("ftp://example.com/file", "http or https")]
    [TestCase("https://admin:hunter2-secret@example.com/", "user name or password")]
    public async Task CreateWebhook_WhenUrlPointsInsideOrIsUnsafe_ReturnsTheReason(string url, string reason)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("url", url));

        await AssertRejectedAsync(response, "url", reason);
    }

    [Test]
    public async Task UpdateWebhook_WhenUrlPointsInside_ReturnsTheReasonAndKeepsTheOldUrl()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring().With("url", "http://192.168.0.1/"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "url");
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT url FROM webhooks"), Is.EqualTo("https://example.com/hooks/report"));
    }

    [Test]
    public async Task CreateWebhook_WhenLoopbackIsAnAllowedNetwork_AcceptsLoopbackUrls()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Delivery:AllowedNetworks:0", "127.0.0.1/32").UseSetting("Delivery:AllowPrivateNetworksInProduction", "true"));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var literal = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("url", "http://127.0.0.1:5005/hook"));
        var otherPrivate = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("url", "http://10.0.0.1/hook"));

        Assert.That(literal.StatusCode, Is.EqualTo(HttpStatusCode.Created), await literal.Content.ReadAsStringAsync());
        await AssertProblemAsync(otherPrivate, HttpStatusCode.BadRequest, "url");
    }

    [TestCase("webhook-signature")]
    [TestCase("webhook-id")]
    [TestCase("webhook-timestamp")]
    [TestCase("Host")]
    [TestCase("Content-Length")]
    [TestCase("Transfer-Encoding")]
    [TestCase("Connection")]
    [TestCase("Upgrade")]
    [TestCase("Forwarded")]
    [TestCase("X-Forwarded-For")]
    [TestCase("x-forwarded-host")]
    [TestCase("Cookie")]
    [TestCase("Expect")]
    public async Task CreateWebhook_WhenHeaderIsReserved_ReturnsValidationProblem(string name)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string> { [name] = "v1,forged" }));

        await AssertRejectedAsync(response, "headers", $"Header '{name}' is set by CronHooks or the HTTP stack and cannot be set");
    }

    [TestCase("X Bad Name", "v", "not a valid HTTP token")]
    [TestCase("X-Colon:", "v", "not a valid HTTP token")]
    [TestCase("X-Split", "a\r\nX-Injected: 1", "CR, LF or NUL")]
    [TestCase("X-Nul", "a\0b", "CR, LF or NUL")]
    public async Task CreateWebhook_WhenHeaderMalformed_ReturnsValidationProblem(string name, string value, string reason)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string> { [name] = value }));

        await AssertRejectedAsync(response, "headers", reason);
    }

    [Test]
    public async Task CreateWebhook_WhenMoreThan20Headers_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var headers = Enumerable.Range(1, 21).ToDictionary(i => $"X-H{i}", i => "v");

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("headers", headers));

        await AssertRejectedAsync(response, "headers", "at most 20 headers");
    }

    [Test]
    public async Task CreateWebhook_WhenHeadersOver8KiB_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var headers = new Dictionary<string, string> { ["X-A"] = new('a', 4096), ["X-B"] = new('b', 4096) };

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("headers", headers));

        await AssertRejectedAsync(response, "headers", "8192 bytes");
    }

    [Test]
    public async Task CreateWebhook_WhenJsonNestedDeeperThan32_ReturnsBadRequest()
    {
        var client = await Api.CreateUserClientAsync();
        var payload = new string('[', 40) + new string(']', 40);
        var body = $$"""{"name":"Deep","url":"https://example.com/","scheduleType":"recurring","cronExpression":"0 9 * * *","payload":{{payload}}}""";

        var response = await client.PostAsync("/api/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.ToString(), Does.Contain("depth"));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WhenNestedExactly32Deep_Accepts()
    {
        var client = await Api.CreateUserClientAsync();
        // The body object is level 1, so the payload may hold 31 levels.
        var payload = new string('[', 31) + new string(']', 31);
        var body = $$"""{"name":"Deep","url":"https://example.com/","scheduleType":"recurring","cronExpression":"0 9 * * *","payload":{{payload}}}""";

        var response = await client.PostAsync("/api/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task CreateWebhook_WhenOverTheWebhookLimit_ReturnsConflictAndStoresNothing()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Limits:MaxWebhooksPerUser", "2"));
        var client = await ApiFactory.CreateUserClientAsync(host);
        var other = await ApiFactory.CreateUserClientAsync(host);
        await client.CreateWebhookAsync(WebhookRequests.Recurring());
        await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var third = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());
        var othersFirst = await other.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());

        var problem = await AssertProblemAsync(third, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("limit of 2 webhooks"));
        Assert.That(othersFirst.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the limit is per user");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.EqualTo(3));
    }

    [Test]
    public async Task CreateWebhook_AfterADeleteAtTheLimit_HasRoomForOneMore()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Limits:MaxWebhooksPerUser", "2"));
        var client = await ApiFactory.CreateUserClientAsync(host);
        var first = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var deleted = await client.DeleteAsync($"/api/v1/webhooks/{first.GetProperty("id").GetString()}");
        var third = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());
        var fourth = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }
}
