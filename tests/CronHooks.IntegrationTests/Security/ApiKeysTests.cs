using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Security;

public sealed class ApiKeysTests : ApiTest
{
    private static Task<JsonElement> CreateKeyAsync(HttpClient client, string name = "ci") => CreateKeyAsync(client, new { name });

    private static async Task<JsonElement> CreateKeyAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/api-keys", body);
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

    [Test]
    public async Task ApiKey_WithReadScope_ReadsButCannotChangeAnything()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var created = await CreateKeyAsync(client, new { name = "dashboard-reader", scope = "read" });
        Assert.That(created.GetProperty("scope").GetString(), Is.EqualTo("read"));
        var reader = KeyClient(created.GetProperty("key").GetString()!);
        var before = await TestDatabase.ScalarAsync<string>("SELECT name || is_active FROM webhooks");

        var get = await reader.GetAsync($"/api/v1/webhooks/{webhook.Id()}");
        var create = await reader.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());
        var cancel = await reader.PostAsync($"/api/v1/webhooks/{webhook.Id()}/cancel", null);
        var delete = await reader.DeleteAsync($"/api/v1/webhooks/{webhook.Id()}");
        var mint = await reader.PostAsJsonAsync("/api/v1/api-keys", new { name = "more" });

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var refused in new[] { create, cancel, delete, mint })
            Assert.That((await AssertProblemAsync(refused, HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), Does.Contain("read scope"));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.EqualTo(1));
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT name || is_active FROM webhooks"), Is.EqualTo(before));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM api_keys"), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateApiKey_WithAWriteKey_ReturnsForbiddenAndCreatesNothing()
    {
        var client = await Api.CreateUserClientAsync();
        var writer = KeyClient((await CreateKeyAsync(client)).GetProperty("key").GetString()!);

        var response = await writer.PostAsJsonAsync("/api/v1/api-keys", new { name = "successor" });
        var webhook = await writer.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("signed in with your password"));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM api_keys"), Is.EqualTo(1));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a write key still changes webhooks");
    }

    [Test]
    public async Task CreateApiKey_WithoutScope_IsAWriteKeyThatLastsUntilRevoked()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await CreateKeyAsync(client);

        Assert.That(created.GetProperty("scope").GetString(), Is.EqualTo("write"));
        Assert.That(created.GetProperty("expiresAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ApiKey_AfterItsExpiry_ReturnsUnauthorized()
    {
        var client = await Api.CreateUserClientAsync();
        var expiresAt = Api.Clock.GetUtcNow().AddHours(1);
        var created = await CreateKeyAsync(client, new { name = "temporary", expiresAt });
        var machine = KeyClient(created.GetProperty("key").GetString()!);
        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Api.Clock.Advance(TimeSpan.FromHours(1));

        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var listed = (await ReadJsonAsync(await client.GetAsync("/api/v1/api-keys")))[0];
        Assert.That(listed.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(expiresAt));
    }

    [Test]
    public async Task CreateApiKey_WhenExpiryIsPastOrScopeUnknown_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var past = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", expiresAt = Api.Clock.GetUtcNow().AddSeconds(-1) });
        var scope = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scope = "admin" });

        await AssertProblemAsync(past, HttpStatusCode.BadRequest, "expiresAt");
        await AssertProblemAsync(scope, HttpStatusCode.BadRequest, "scope");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM api_keys"), Is.Zero);
    }

    [Test]
    public async Task ChangePassword_RevokesEveryApiKeyOfTheUser()
    {
        var client = await Api.CreateUserClientAsync();
        var machine = KeyClient((await CreateKeyAsync(client)).GetProperty("key").GetString()!);
        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var change = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "correct horse battery", newPassword = "a brand new passphrase" });

        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await change.Content.ReadAsStringAsync());
        Assert.That((await machine.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task ListApiKeys_ShowsWhenEachKeyWasLastUsedUpdatedAtMostOnceAMinute()
    {
        var client = await Api.CreateUserClientAsync();
        var machine = KeyClient((await CreateKeyAsync(client)).GetProperty("key").GetString()!);
        var first = Api.Clock.GetUtcNow();
        await machine.GetAsync("/api/v1/auth/me");
        Api.Clock.Advance(TimeSpan.FromSeconds(30));
        await machine.GetAsync("/api/v1/auth/me");

        var listed = (await ReadJsonAsync(await client.GetAsync("/api/v1/api-keys")))[0];
        Assert.That(listed.GetProperty("lastUsedAt").GetDateTimeOffset(), Is.EqualTo(first));

        Api.Clock.Advance(TimeSpan.FromSeconds(31));
        await machine.GetAsync("/api/v1/auth/me");
        listed = (await ReadJsonAsync(await client.GetAsync("/api/v1/api-keys")))[0];
        Assert.That(listed.GetProperty("lastUsedAt").GetDateTimeOffset(), Is.EqualTo(Api.Clock.GetUtcNow()));
    }
}
