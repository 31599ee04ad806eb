using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Infrastructure;
using CronHooks.IntegrationTests.Webhooks;
using CronHooks.TestSupport;

namespace CronHooks.IntegrationTests.Security;

public sealed class ApiKeysTests : ApiTest
{
    private static async Task<JsonElement> CreateKeyAsync(HttpClient client, string name = "ci")
    {
        var response = await client.PostAsJsonAsync("/api/v1/api-keys", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpClient KeyClient(string key)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Test]
    public async Task CreateApiKey_ShowsTheKeyOnceAndStoresOnlyItsHashAndPrefix()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await CreateKeyAsync(client);

        var key = created.GetProperty("key").GetString()!;
        Assert.That(key, Does.StartWith("chk_"));
        Assert.That(Convert.FromBase64String(key[4..].Replace('-', '+').Replace('_', '/') + "="), Has.Length.EqualTo(32));
        Assert.That(created.GetProperty("prefix").GetString(), Is.EqualTo(key[..12]));
        var row = await TestDatabase.ScalarAsync<string>("SELECT prefix || ' ' || key_hash FROM api_keys");
        Assert.That(row, Does.Not.Contain(key[12..]));
        var list = await client.GetStringAsync("/api/v1/api-keys");
        Assert.That(list, Does.Contain(key[..12]).And.Not.Contain(key[12..]));
    }

    [Test]
    public async Task ApiKey_AsBearer_AuthenticatesAsItsOwner()
    {
        var client = await Api.CreateUserClientAsync("grace");
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var key = (await CreateKeyAsync(client)).GetProperty("key").GetString()!;

        var machine = KeyClient(key);
        var me = await machine.GetAsync("/api/v1/auth/me");
        var own = await machine.GetAsync($"/api/v1/webhooks/{webhook.Id()}");

        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(me)).GetProperty("username").GetString(), Is.EqualTo("grace"));
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestDatabase.ScalarAsync<DateTime?>("SELECT last_used_at FROM api_keys"), Is.Not.Null);
    }

    [Test]
    public async Task ApiKey_ForAnotherUsersWebhook_ReturnsNotFound()
    {
        var owner = await Api.CreateUserClientAsync();
        var webhook = await owner.CreateWebhookAsync(WebhookRequests.Recurring());
        var other = await Api.CreateUserClientAsync();
        var key = (await CreateKeyAsync(other)).GetProperty("key").GetString()!;

        var response = await KeyClient(key).GetAsync($"/api/v1/webhooks/{webhook.Id()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task RevokeApiKey_StopsItAuthenticatingAtOnce()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await CreateKeyAsync(client);
        var machine = KeyClient(created.GetProperty("key").GetString()!);
        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoke = await client.DeleteAsync($"/api/v1/api-keys/{created.Id()}");

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var listed = (await ReadJsonAsync(await client.GetAsync("/api/v1/api-keys")))[0];
        Assert.That(listed.GetProperty("revokedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test]
    public async Task RevokeApiKey_WhenAnotherUsersKey_ReturnsNotFoundAndKeepsItWorking()
    {
        var owner = await Api.CreateUserClientAsync();
        var created = await CreateKeyAsync(owner);
        var other = await Api.CreateUserClientAsync();

        var response = await other.DeleteAsync($"/api/v1/api-keys/{created.Id()}");
        var othersList = await ReadJsonAsync(await other.GetAsync("/api/v1/api-keys"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(othersList.GetArrayLength(), Is.Zero);
        Assert.That((await KeyClient(created.GetProperty("key").GetString()!).GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("chk_unknown-key-that-was-never-issued-000000000")]
    [TestCase("chk_")]
    public async Task ApiKey_WhenUnknown_ReturnsUnauthorized(string key) =>
        Assert.That((await KeyClient(key).GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task CreateApiKey_WithoutAuthentication_ReturnsUnauthorized() =>
        Assert.That((await Api.CreateClient().PostAsJsonAsync("/api/v1/api-keys", new { name = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
}
