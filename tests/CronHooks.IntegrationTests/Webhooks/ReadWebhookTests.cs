using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

public sealed class ReadWebhookTests : ApiTest
{
    [Test]
    public async Task GetWebhook_WhenOwn_ReturnsIt()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(2)));

        var response = await client.GetAsync($"/api/v1/webhooks/{created.Id()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var webhook = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("name").GetString(), Is.EqualTo("Reminder"));
            Assert.That(webhook.GetProperty("httpMethod").GetString(), Is.EqualTo("PUT"));
            Assert.That(webhook.GetProperty("payload").GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(webhook.GetProperty("scheduledAt").GetDateTimeOffset()));
            Assert.That(webhook.TryGetProperty("signingSecret", out _), Is.False, "the secret is shown only at creation");
        });
    }

    [Test]
    public async Task GetWebhook_WhenAnotherUsers_ReturnsNotFoundLikeAMissingOne()
    {
        var alice = await Api.CreateUserClientAsync();
        var bob = await Api.CreateUserClientAsync();
        var alicesWebhook = await alice.CreateWebhookAsync(WebhookRequests.Recurring());

        var foreign = await bob.GetAsync($"/api/v1/webhooks/{alicesWebhook.Id()}");
        var missing = await bob.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}");

        var a = await AssertProblemAsync(foreign, HttpStatusCode.NotFound);
        var b = await AssertProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.That(a.GetProperty("title").GetString(), Is.EqualTo(b.GetProperty("title").GetString()));
    }

    [TestCase("PUT")]
    [TestCase("PATCH")]
    [TestCase("DELETE")]
    [TestCase("POST cancel")]
    [TestCase("POST resume")]
    [TestCase("POST trigger")]
    [TestCase("GET executions")]
    [TestCase("GET upcoming")]
    public async Task WebhookOperations_WhenAnotherUsersWebhook_ReturnNotFoundAndChangeNothing(string operation)
    {
        var alice = await Api.CreateUserClientAsync();
        var bob = await Api.CreateUserClientAsync();
        var webhook = await alice.CreateWebhookAsync(WebhookRequests.Recurring());
        var url = $"/api/v1/webhooks/{webhook.Id()}";
        var parts = operation.Split(' ');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts.Length > 1 ? $"{url}/{parts[1]}" : url);
        if (parts[0] is "PUT" or "PATCH")
            request.Content = JsonContent.Create(WebhookRequests.Recurring().With("name", "hijacked"));

        var response = await bob.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        var unchanged = await ReadJsonAsync(await alice.GetAsync(url));
        Assert.That(unchanged.GetProperty("name").GetString(), Is.EqualTo("Morning report"));
        Assert.That(unchanged.GetProperty("isActive").GetBoolean(), Is.True);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM all_executions"), Is.Zero);
    }

    [Test]
    public async Task ListWebhooks_PagesNewestFirstWithTotalCount()
    {
        var client = await Api.CreateUserClientAsync();
        var other = await Api.CreateUserClientAsync();
        await other.CreateWebhookAsync(WebhookRequests.Recurring());
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Api.Clock.Advance(TimeSpan.FromSeconds(1));
            await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", $"hook {i}"));
            names.Add($"hook {i}");
        }

        var first = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?page=1&pageSize=2"));
        var third = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?page=3&pageSize=2"));

        Assert.That(first.GetProperty("totalCount").GetInt32(), Is.EqualTo(5));
        Assert.That(first.GetProperty("page").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("pageSize").GetInt32(), Is.EqualTo(2));
        Assert.That(first.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()), Is.EqualTo(new[] { "hook 4", "hook 3" }));
        Assert.That(third.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()), Is.EqualTo(new[] { "hook 0" }));
    }

    [Test]
    public async Task ListWebhooks_FiltersByActiveAndScheduleType()
    {
        var client = await Api.CreateUserClientAsync();
        var cancelled = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        await client.PostAsync($"/api/v1/webhooks/{cancelled.Id()}/cancel", null);
        await client.CreateWebhookAsync(WebhookRequests.Recurring());
        await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddDays(1)));

        var active = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?isActive=true"));
        var once = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?scheduleType=once"));
        var inactiveRecurring = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?isActive=false&scheduleType=recurring"));

        Assert.That(active.GetProperty("totalCount").GetInt32(), Is.EqualTo(2));
        Assert.That(once.GetProperty("totalCount").GetInt32(), Is.EqualTo(1));
        Assert.That(inactiveRecurring.GetProperty("items")[0].GetProperty("id").GetString(), Is.EqualTo(cancelled.Id()));
    }

    [TestCase("page=0", "page")]
    [TestCase("pageSize=101", "pageSize")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("scheduleType=weekly", "scheduleType")]
    public async Task ListWebhooks_WhenPagingOutOfRange_ReturnsValidationProblem(string query, string field)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync($"/api/v1/webhooks?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}
