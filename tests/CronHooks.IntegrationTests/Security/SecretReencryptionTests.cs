using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Infrastructure.Secrets;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.IntegrationTests.Security;

/// <summary>`CronHooks.Api.dll reencrypt-secrets`: after it, the old key can leave Secrets:Keys and nothing stops working.</summary>
public sealed class SecretReencryptionTests : ApiTest
{
    private static readonly string NewKey = Convert.ToBase64String("a-new-key-for-secrets-0123456789"u8.ToArray());

    [Test]
    public async Task ReencryptSecrets_WhenAnotherKeyIsActive_MovesEverySecretSoTheOldKeyCanBeRemoved()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string> { ["Authorization"] = "Bearer receiver-token-123" })
            .With("alert", new Dictionary<string, object?> { ["url"] = "https://hooks.slack.com/services/T000/B000/alert-secret" }));
        var signingSecret = created.GetProperty("signingSecret").GetString()!;
        var id = Guid.Parse(created.Id());

        SecretReencryption.Outcome first, second;
        await using (var rotating = Services(("test", ApiFactory.SecretsKey), ("k2", NewKey)))
        {
            first = await SecretReencryption.RunAsync(rotating);
            second = await SecretReencryption.RunAsync(rotating);
        }

        await using var newKeyOnly = Services(("k2", NewKey));
        await using var scope = newKeyOnly.CreateAsyncScope();
        var webhook = await scope.ServiceProvider.GetRequiredService<CronHooksDbContext>().Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
        var revealed = scope.ServiceProvider.GetRequiredService<ISecretProtector>().RevealForDelivery(webhook, DateTimeOffset.UtcNow);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new SecretReencryption.Outcome(1, 0, 0)));
            Assert.That(second, Is.EqualTo(new SecretReencryption.Outcome(0, 0, 0)), "a second run has nothing left to do");
            Assert.That(webhook.SigningSecret, Does.StartWith("v1.k2."));
            Assert.That(webhook.Headers["Authorization"], Does.StartWith("v1.k2."));
            Assert.That(revealed.SigningSecrets, Is.EqualTo(new[] { signingSecret }));
            Assert.That(revealed.Headers["Authorization"], Is.EqualTo("Bearer receiver-token-123"));
            Assert.That(webhook.AlertUrl, Does.StartWith("v1.k2."));
            Assert.That(scope.ServiceProvider.GetRequiredService<ISecretProtector>().RevealAlertUrl(webhook),
                Is.EqualTo("https://hooks.slack.com/services/T000/B000/alert-secret"));
        });
    }

    private static ServiceProvider Services(params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = TestDatabase.ConnectionString,
            ["Secrets:ActiveKeyId"] = keys[^1].Id,
        };
        foreach (var (keyId, key) in keys)
            settings[$"Secrets:Keys:{keyId}"] = key;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddInfrastructure(configuration)
            .BuildServiceProvider();
    }
}
