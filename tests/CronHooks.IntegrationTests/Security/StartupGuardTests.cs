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
        await using var host = Api.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Delivery:AllowedNetworks:0", "10.0.0.0/8"));

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(error, Is.InstanceOf<OptionsValidationException>().Or.InnerException.InstanceOf<OptionsValidationException>());
        Assert.That(error!.ToString(), Does.Contain("AllowPrivateNetworksInProduction"));
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
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Secrets:Keys:test", ""));

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(error!.ToString(), Does.Contain("Secrets:Keys:test"));
    }
}
