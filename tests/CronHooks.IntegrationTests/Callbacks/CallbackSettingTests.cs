using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Callbacks;

/// <summary>
/// A webhook's <c>callbackUrl</c> and <c>failureCallbackUrl</c> through create, get and merge patch, what is refused,
/// and an attempt's callbacks on its execution detail.
/// </summary>
public sealed class CallbackSettingTests : ApiTest
{
    private const string CallbackUrl = "https://example.com/cronhooks/callback";
    private const string FailureUrl = "https://example.com/cronhooks/failed";

    [Test]
    public async Task CreateWebhook_WithCallbackUrls_ShowsThemAndAMergePatchKeepsThem()
    {
        var client = await Api.CreateUserClientAsync();

        var without = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring()
            .With("callbackUrl", CallbackUrl).With("failureCallbackUrl", FailureUrl));
        var patch = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"name":"renamed"}""", Encoding.UTF8, "application/merge-patch+json"));
        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));

        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("callbackUrl").GetString(), Is.EqualTo(CallbackUrl));
            Assert.That(created.GetProperty("failureCallbackUrl").GetString(), Is.EqualTo(FailureUrl));
            Assert.That(read.GetProperty("name").GetString(), Is.EqualTo("renamed"));
            Assert.That(read.GetProperty("callbackUrl").GetString(), Is.EqualTo(CallbackUrl));
            Assert.That(read.GetProperty("failureCallbackUrl").GetString(), Is.EqualTo(FailureUrl));
            Assert.That(without.GetProperty("callbackUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(without.GetProperty("failureCallbackUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase("callbackUrl", "http://169.254.169.254/latest/meta-data/")]
    [TestCase("failureCallbackUrl", "http://localhost:8080/failed")]
    public async Task CreateWebhook_WhenACallbackUrlPointsInside_ReturnsValidationProblemNamingItAndStoresNothing(string field, string url)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With(field, url));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(problem.GetProperty("errors").GetProperty(field).ToString(), Does.Contain("localhost").Or.Contain("private or reserved"));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [TestCase("callbackUrl", "not a url")]
    [TestCase("failureCallbackUrl", "ftp://example.com/failed")]
    public async Task CreateWebhook_WhenACallbackUrlIsNotAnHttpUrl_ReturnsValidationProblemNamingIt(string field, string url)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With(field, url));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task UpdateWebhook_WhenACallbackUrlBecomesBlocked_ReturnsValidationProblemAndKeepsTheStoredOne()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("callbackUrl", CallbackUrl));

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"callbackUrl":"http://192.168.1.10/callback"}""", Encoding.UTF8, "application/merge-patch+json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "callbackUrl");
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT callback_url FROM webhooks"), Is.EqualTo(CallbackUrl));
    }

    [Test]
    public async Task GetExecution_WhenTheAttemptCausedCallbacks_ListsThemOldestFirst()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("callbackUrl", CallbackUrl).With("failureCallbackUrl", FailureUrl));
        var execution = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null));
        // As the outcome's transaction queues them, and the alert worker then records their sends.
        await TestDatabase.ScalarAsync<int>("""
            INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                consecutive_failures, occurred_at, created_at, due_at, attempts, sent_at, last_response_code,
                                last_error_kind, last_error_message, details)
            SELECT gen_random_uuid(), q.webhook_id, q.owner_id, k.kind, q.id, k.status, q.id, q.scheduled_for, 1, 0, now(),
                   now() + k.n * interval '1 ms', now(), k.attempts, k.sent_at, k.code, k.error_kind, k.error_message, '{}'::jsonb
            FROM execution_queue q,
                 (VALUES (1, 'callback', 'Sent', 1, now(), 204, NULL, NULL),
                         (2, 'failure_callback', 'Pending', 2, NULL::timestamptz, 503, 'http_status', 'HTTP 503 Service Unavailable'))
                     AS k(n, kind, status, attempts, sent_at, code, error_kind, error_message)
            WHERE q.id = $1
            RETURNING 1
            """, Guid.Parse(execution.Id()));

        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/executions/{execution.Id()}"));
        var list = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhook.Id()}/executions"));

        var callbacks = read.GetProperty("callbacks").EnumerateArray().ToList();
        Assert.That(callbacks, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(callbacks[0].GetProperty("target").GetString(), Is.EqualTo("callbackUrl"));
            Assert.That(callbacks[0].GetProperty("status").GetString(), Is.EqualTo("sent"));
            Assert.That(callbacks[0].GetProperty("lastResponseCode").GetInt32(), Is.EqualTo(204));
            Assert.That(callbacks[0].GetProperty("sentAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(callbacks[1].GetProperty("target").GetString(), Is.EqualTo("failureCallbackUrl"));
            Assert.That(callbacks[1].GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(callbacks[1].GetProperty("attempts").GetInt32(), Is.EqualTo(2));
            Assert.That(callbacks[1].GetProperty("lastErrorKind").GetString(), Is.EqualTo("http_status"));
            Assert.That(list.GetProperty("items")[0].TryGetProperty("callbacks", out _), Is.False, "the list leaves them to the detail");
        });
    }
}
