using CronHooks.Infrastructure.Delivery.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CronHooks.UnitTests.DeliverySecurity;

public sealed class DeliveryNetworkOptionsTests
{
    private static bool Validate(string environment, bool secondSwitch, params string[] allowed)
    {
        var validator = new DeliveryNetworkOptionsValidator(new HostingEnvironment { EnvironmentName = environment });
        return validator.Validate(null, new DeliveryNetworkOptions { AllowedNetworks = [.. allowed], AllowPrivateNetworksInProduction = secondSwitch }).Succeeded;
    }

    [TestCase("127.0.0.1/32")]
    [TestCase("10.0.0.0/8")]
    [TestCase("::1/128")]
    [TestCase("0.0.0.0/0")]
    public void Validate_WhenPrivateRangeAllowedInProductionWithoutSecondSwitch_Fails(string network) =>
        Assert.That(Validate(Environments.Production, false, network), Is.False);

    [Test]
    public void Validate_WhenPrivateRangeAllowedInProductionWithSecondSwitch_Succeeds() =>
        Assert.That(Validate(Environments.Production, true, "10.0.0.0/8"), Is.True);

    // Only Development may open private networks without the second switch; a Staging or misspelt name guards like Production.
    [TestCase("Staging")]
    [TestCase("Testing")]
    [TestCase("production")]
    [TestCase("Prod")]
    public void Validate_WhenPrivateRangeAllowedOutsideDevelopmentWithoutSecondSwitch_Fails(string environment) =>
        Assert.That(Validate(environment, false, "127.0.0.1/32"), Is.False);

    [TestCase("203.0.113")]
    [TestCase("example.com/24")]
    public void Validate_WhenBlockedNetworkIsNotACidr_Fails(string network)
    {
        var validator = new DeliveryNetworkOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Development });

        Assert.That(validator.Validate(null, new DeliveryNetworkOptions { BlockedNetworks = [network] }).Succeeded, Is.False);
    }

    [Test]
    public void Validate_WhenPrivateRangeAllowedInDevelopment_Succeeds() =>
        Assert.That(Validate(Environments.Development, false, "127.0.0.1/32", "::1/128"), Is.True);

    [Test]
    public void Validate_WhenNothingAllowedInProduction_Succeeds() =>
        Assert.That(Validate(Environments.Production, false), Is.True);

    [TestCase("127.0.0.1")]
    [TestCase("localhost/8")]
    [TestCase("10.0.0.0/33")]
    public void Validate_WhenNetworkIsNotACidr_Fails(string network) =>
        Assert.That(Validate(Environments.Development, false, network), Is.False);
}
