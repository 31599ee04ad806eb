using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Admin;

public sealed class AuditLogTests : ApiTest
{
    [Test]
    public async Task PatchWebhook_IsRecordedWithTheChangedFieldsTheCallerAndNoSecretValue()
    {
        var owner = await Api.CreateUserClientAsync("ada");
        var created = await owner.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "Before")
            .With("headers", new Dictionary<string, string> { ["Authorization"] = "Bearer header-secret-1" }));
        var signingSecret = created.GetProperty("signingSecret").GetString()!;

        var patch = new StringContent("""{"name":"After","maxRetries":5,"url":"https://example.com/hook?token=query-secret","headers":{"Authorization":"Bearer header-secret-2"}}""",
            System.Text.Encoding.UTF8, "application/merge-patch+json");
        Assert.That((await owner.PatchAsync($"/api/v1/webhooks/{created.Id()}", patch)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rotated = await ReadJsonAsync(await owner.PostAsync($"/api/v1/webhooks/{created.Id()}/rotate-secret", null));

        var response = await owner.GetAsync($"/api/v1/audit?entityType=webhook&entityId={created.Id()}");
        var text = await response.Content.ReadAsStringAsync();
        var items = (await ReadJsonAsync(response)).GetProperty("items");

        Assert.That(items.EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "RotateSigningSecret", "PatchWebhook", "CreateWebhook" }));
        var patched = items[1];
        var changes = patched.GetProperty("changes");
        Assert.That(changes.GetProperty("name").GetProperty("from").GetString(), Is.EqualTo("Before"));
        Assert.That(changes.GetProperty("name").GetProperty("to").GetString(), Is.EqualTo("After"));
        Assert.That(changes.GetProperty("maxRetries").GetProperty("to").GetInt32(), Is.EqualTo(5));
        Assert.That(changes.GetProperty("headers").GetProperty("changed").GetBoolean(), Is.True);
        Assert.That(changes.GetProperty("url").GetProperty("to").GetString(), Is.EqualTo("https://example.com/hook?token=****"));
        Assert.That(changes.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "name", "maxRetries", "url", "headers" }));
        Assert.That(patched.GetProperty("actorKind").GetString(), Is.EqualTo("user"));
        Assert.That(patched.GetProperty("actorUsername").GetString(), Is.EqualTo("ada"));
        Assert.That(patched.GetProperty("credential").GetString(), Is.EqualTo("token"));
        Assert.That(patched.GetProperty("clientAddress").ValueKind, Is.Not.EqualTo(JsonValueKind.Undefined));
        Assert.That(items[0].GetProperty("changes").GetProperty("signingSecret").GetProperty("changed").GetBoolean(), Is.True);
        var stored = await TestDatabase.ScalarAsync<string>("SELECT string_agg(changes::text, ' ') FROM audit_log");
        foreach (var secret in new[] { "header-secret-1", "header-secret-2", signingSecret, rotated.GetProperty("signingSecret").GetString()!, "whsec_", "query-secret" })
        {
            Assert.That(text, Does.Not.Contain(secret));
            Assert.That(stored, Does.Not.Contain(secret));
        }
    }

    [Test]
    public async Task ApiKeyChanges_AreRecordedWithTheKeyThatMadeThem()
    {
        var owner = await Api.CreateUserClientAsync();
        var key = await Api.KeyClientAsync(owner, "write");
        var keyId = await TestDatabase.ScalarAsync<Guid>("SELECT id FROM api_keys");

        var webhook = await key.CreateWebhookAsync(WebhookRequests.Recurring());
        await owner.DeleteAsync($"/api/v1/api-keys/{keyId}");

        var items = (await ReadJsonAsync(await owner.GetAsync("/api/v1/audit"))).GetProperty("items").EnumerateArray().ToList();
        var create = items.Single(i => i.GetProperty("action").GetString() == "CreateWebhook");
        Assert.That(create.GetProperty("credential").GetString(), Is.EqualTo(keyId.ToString()));
        Assert.That(create.GetProperty("entityId").GetString(), Is.EqualTo(webhook.Id()));
        var revoke = items.Single(i => i.GetProperty("action").GetString() == "RevokeApiKey");
        Assert.That(revoke.GetProperty("changes").GetProperty("revokedAt").GetProperty("from").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items.Select(i => i.GetProperty("action").GetString()), Does.Contain("CreateApiKey").And.Contain("Register"));
        Assert.That(items.Single(i => i.GetProperty("action").GetString() == "CreateApiKey").GetProperty("changes").TryGetProperty("keyHash", out var hash) && hash.TryGetProperty("changed", out _), Is.True);
    }

    [Test]
    public async Task AdminActions_AreRecordedWithTheAdminsIdentity_AndOwnersSeeThem()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync("ada");
        var webhook = await owner.CreateWebhookAsync(WebhookRequests.Recurring());
        var ownerId = await owner.UserIdAsync();
        await admin.PostAsJsonAsync($"/api/v1/admin/webhooks/{webhook.Id()}/pause", new { note = "Too many attempts" });
        await admin.PostAsync($"/api/v1/admin/users/{ownerId}/disable", null);
        await admin.PostAsync($"/api/v1/admin/users/{ownerId}/enable", null);

        var seenByOwner = (await ReadJsonAsync(await owner.GetAsync("/api/v1/audit?entityType=webhook"))).GetProperty("items")[0];
        var byAdmin = (await ReadJsonAsync(await admin.GetAsync($"/api/v1/admin/audit?actorKind=admin&ownerId={ownerId}"))).GetProperty("items");

        Assert.That(seenByOwner.GetProperty("action").GetString(), Is.EqualTo("PauseWebhook"));
        Assert.That(seenByOwner.GetProperty("actorKind").GetString(), Is.EqualTo("admin"));
        Assert.That(seenByOwner.GetProperty("actorUsername").GetString(), Is.EqualTo("root"));
        Assert.That(seenByOwner.GetProperty("changes").GetProperty("pauseNote").GetProperty("to").GetString(), Is.EqualTo("Too many attempts"));
        Assert.That(byAdmin.EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "EnableUser", "DisableUser", "PauseWebhook" }));
        Assert.That(byAdmin.EnumerateArray().Select(i => i.GetProperty("actorUsername").GetString()), Has.All.EqualTo("root"));
        var grant = (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/audit?entityType=user"))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("action").GetString() == "GrantAdmin");
        Assert.That(grant.GetProperty("actorKind").GetString(), Is.EqualTo("system"));
        Assert.That(grant.GetProperty("changes").GetProperty("role").GetProperty("to").GetString(), Is.EqualTo("admin"));
    }

    [Test]
    public async Task ListAuditEntries_ShowsOnlyTheCallersOwnResources()
    {
        var ada = await Api.CreateUserClientAsync("ada");
        var bob = await Api.CreateUserClientAsync("bob");
        await ada.CreateWebhookAsync(WebhookRequests.Recurring());

        var bobs = (await ReadJsonAsync(await bob.GetAsync("/api/v1/audit"))).GetProperty("items");

        Assert.That(bobs.EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "Register" }));
    }
}
