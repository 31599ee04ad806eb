using CronHooks.IntegrationTests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CronHooks.IntegrationTests.Security;

/// <summary>Misconfiguration that would open the service stops it at start instead.</summary>
public sealed class StartupGuardTests : ApiTest
{
    [Test]
    public async Task Start_WhenProductionAllowsAPrivateNetworkWithoutTheSecondSwitch_Fails()
    {
        var error = await StartErrorAsync(b => b.UseEnvironment("Production").UseSetting("Delivery:AllowedNetworks:0", "10.0.0.0/8"));

        Assert.That(error, Is.InstanceOf<OptionsValidationException>().Or.InnerException.InstanceOf<OptionsValidationException>());
        Assert.That(error!.ToString(), Does.Contain("AllowPrivateNetworksInProduction"));
    }

    // Each names the setting and what is wrong with it; validated at start like every other section.
    [TestCase("Database:TcpKeepAlive", "00:00:01.500", "Database:TcpKeepAlive must be whole seconds")]
    [TestCase("Database:LockTimeout", "-00:00:01", "Database:LockTimeout must not be negative")]
    [TestCase("RateLimits:PerUserPerMinute", "0", "RateLimits:PerUserPerMinute must be positive")]
    [TestCase("ReverseProxy:TrustedNetworks:0", "10.0.0.0/33", "ReverseProxy:TrustedNetworks contains '10.0.0.0/33'")]
    [TestCase("ReverseProxy:ForwardLimit", "0", "ReverseProxy:ForwardLimit must be at least 1")]
    [TestCase("Limits:MaxWebhooksPerUser", "0", "MaxWebhooksPerUser")]
    public async Task Start_WhenASettingIsInvalid_FailsNamingIt(string key, string value, string message)
    {
        var error = await StartErrorAsync(b => b.UseSetting(key, value));

        Assert.That(error, Is.InstanceOf<OptionsValidationException>().Or.InnerException.InstanceOf<OptionsValidationException>());
        Assert.That(error!.ToString(), Does.Contain(message));
    }

    [Test]
    public async Task Start_WhenProductionAllowsAPrivateNetworkWithTheSecondSwitch_Starts()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseEnvironment("Production")
            .UseSetting("Delivery:AllowedNetworks:0", "10.0.0.0/8").UseSetting("Delivery:AllowPrivateNetworksInProduction", "true"));

        var response = await host.CreateClient().GetAsync("/health/live");

        Assert.That(response.IsSuccessStatusCode, Is.True);
    }

    [Test]
    public async Task Start_WhenTheSecretsKeyIsMissing_Fails()
    {
        var error = await StartErrorAsync(b => b.UseSetting("Secrets:Keys:test", ""));

        Assert.That(error!.ToString(), Does.Contain("Secrets:Keys:test"));
    }

    /// <summary>
    /// Why a start with <paramref name="configure"/> fails. WebApplicationFactory starts the app on a thread of its own; when
    /// the start fails, the app's RunAsync may dispose the host while the factory still reads its services, and the factory
    /// then reports that (ObjectDisposedException) instead of the app's error: such a start is tried again.
    /// </summary>
    private static async Task<Exception?> StartErrorAsync(Action<IWebHostBuilder> configure)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var host = Api.WithWebHostBuilder(configure);
            var error = Assert.Catch(() => host.CreateClient());
            if (error is not ObjectDisposedException || attempt == 3)
                return error;
        }
    }
}
