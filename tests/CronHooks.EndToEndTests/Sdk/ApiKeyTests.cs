using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class ApiKeyTests : SdkTest
{
    [Test]
    public async Task CreateApiKey_WithReadScopeAndExpiry_ListsThemAndTheKeyCannotChangeAnything()
    {
        var owner = await SignUpAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(7);

        var created = await owner.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "status page", Scope = ApiKeyScope.Read, ExpiresAt = expiresAt });
        var reader = CreateClient(created.Key);
        var me = await reader.GetCurrentUserAsync();
        var refused = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => reader.CreateWebhookAsync(Recurring()));
        var listed = (await owner.ListApiKeysAsync()).Single();

        Assert.That(me.Username, Is.Not.Empty);
        Assert.That(refused!.StatusCode, Is.EqualTo(403));
        Assert.That(refused.Detail, Does.Contain("read scope"));
        Assert.That(listed.Scope, Is.EqualTo(ApiKeyScope.Read));
        Assert.That(listed.ExpiresAt, Is.EqualTo(expiresAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(listed.LastUsedAt, Is.Not.Null);
    }
}
