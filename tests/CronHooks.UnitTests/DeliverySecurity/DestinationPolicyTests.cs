using System.Net;
using CronHooks.Infrastructure.Delivery.Security;

namespace CronHooks.UnitTests.DeliverySecurity;

public sealed class DestinationPolicyTests
{
    private static readonly DestinationPolicy Default = new([]);

    // Each blocked IPv4 range: its first and last address.
    [TestCase("0.0.0.0")] [TestCase("0.255.255.255")]
    [TestCase("10.0.0.0")] [TestCase("10.255.255.255")]
    [TestCase("100.64.0.0")] [TestCase("100.127.255.255")]
    [TestCase("127.0.0.1")] [TestCase("127.255.255.255")]
    [TestCase("169.254.0.0")] [TestCase("169.254.169.254")] [TestCase("169.254.255.255")]
    [TestCase("172.16.0.0")] [TestCase("172.31.255.255")]
    [TestCase("192.0.0.0")] [TestCase("192.0.0.255")]
    [TestCase("192.0.2.0")] [TestCase("192.0.2.255")]
    [TestCase("192.88.99.0")] [TestCase("192.88.99.255")]
    [TestCase("192.168.0.0")] [TestCase("192.168.255.255")]
    [TestCase("198.18.0.0")] [TestCase("198.19.255.255")]
    [TestCase("198.51.100.0")] [TestCase("198.51.100.255")]
    [TestCase("203.0.113.0")] [TestCase("203.0.113.255")]
    [TestCase("224.0.0.0")] [TestCase("239.255.255.255")]
    [TestCase("240.0.0.0")] [TestCase("255.255.255.255")]
    public void IsAllowed_WhenIPv4InBlockedRange_ReturnsFalse(string address) =>
        Assert.That(Default.IsAllowed(IPAddress.Parse(address)), Is.False);

    // Public neighbours of the blocked ranges.
    [TestCase("1.0.0.0")] [TestCase("9.255.255.255")] [TestCase("11.0.0.0")]
    [TestCase("100.63.255.255")] [TestCase("100.128.0.0")]
    [TestCase("126.255.255.255")] [TestCase("128.0.0.0")]
    [TestCase("169.253.255.255")] [TestCase("169.255.0.0")]
    [TestCase("172.15.255.255")] [TestCase("172.32.0.1")]
    [TestCase("192.0.1.0")] [TestCase("192.0.3.0")] [TestCase("192.88.98.255")] [TestCase("192.88.100.0")]
    [TestCase("192.167.255.255")] [TestCase("192.169.0.0")]
    [TestCase("198.17.255.255")] [TestCase("198.20.0.0")]
    [TestCase("198.51.99.255")] [TestCase("198.51.101.0")]
    [TestCase("203.0.112.255")] [TestCase("203.0.114.0")]
    [TestCase("223.255.255.255")] [TestCase("8.8.8.8")] [TestCase("93.184.216.34")]
    public void IsAllowed_WhenIPv4Public_ReturnsTrue(string address) =>
        Assert.That(Default.IsAllowed(IPAddress.Parse(address)), Is.True);

    [TestCase("::")] // unspecified
    [TestCase("::1")] // loopback
    [TestCase("::ffff:127.0.0.1")] // IPv4-mapped loopback
    [TestCase("::ffff:10.1.2.3")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("::127.0.0.1")] // IPv4-compatible (deprecated), outside 2000::/3
    [TestCase("fc00::1")] [TestCase("fd12:3456::1")] // unique local
    [TestCase("fe80::1")] [TestCase("fe80::1%2")] // link-local, also with a scope
    [TestCase("ff02::1")] // multicast
    [TestCase("100::1")] // discard-only
    [TestCase("1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")] // just below 2000::/3
    [TestCase("4000::")] // just above 2000::/3
    [TestCase("2001::1")] [TestCase("2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff")] // 2001::/23 (Teredo, ORCHID…)
    [TestCase("2001:db8::1")] [TestCase("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")] // documentation
    [TestCase("2002::1")] [TestCase("2002:7f00:1::")] // 6to4
    [TestCase("64:ff9b::127.0.0.1")] [TestCase("64:ff9b::a00:1")] [TestCase("64:ff9b::169.254.169.254")] // NAT64 of blocked IPv4
    [TestCase("64:ff9b:1::1")] // local-use NAT64 prefix, outside 2000::/3
    public void IsAllowed_WhenIPv6Blocked_ReturnsFalse(string address) =>
        Assert.That(Default.IsAllowed(IPAddress.Parse(address)), Is.False);

    [TestCase("2001:200::1")] // just above 2001::/23
    [TestCase("2001:4860:4860::8888")]
    [TestCase("2a00:1450:4001::1")]
    [TestCase("3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [TestCase("2001:db9::1")] // just above documentation
    [TestCase("2003::1")] // just above 6to4
    [TestCase("64:ff9b::8.8.8.8")] // NAT64 of a public IPv4
    [TestCase("::ffff:8.8.8.8")]
    public void IsAllowed_WhenIPv6Public_ReturnsTrue(string address) =>
        Assert.That(Default.IsAllowed(IPAddress.Parse(address)), Is.True);

    [TestCase("127.0.0.1")]
    [TestCase("::ffff:127.0.0.1")]
    public void IsAllowed_WhenAddressInAllowedNetwork_ReturnsTrue(string address)
    {
        var policy = new DestinationPolicy([IPNetwork.Parse("127.0.0.1/32")]);

        Assert.That(policy.IsAllowed(IPAddress.Parse(address)), Is.True);
    }

    [TestCase("127.0.0.2")]
    [TestCase("::1")]
    [TestCase("10.0.0.1")]
    public void IsAllowed_WhenAddressOutsideAllowedNetwork_ReturnsFalse(string address)
    {
        var policy = new DestinationPolicy([IPNetwork.Parse("127.0.0.1/32")]);

        Assert.That(policy.IsAllowed(IPAddress.Parse(address)), Is.False);
    }

    // Cloud host services on public-looking addresses: Azure's WireServer, IBM Cloud's service network and endpoints.
    [TestCase("168.63.129.16")]
    [TestCase("161.26.0.10")]
    [TestCase("166.9.1.1")]
    [TestCase("::ffff:168.63.129.16")]
    [TestCase("64:ff9b::168.63.129.16")]
    public void IsAllowed_WhenCloudHostServiceAddress_ReturnsFalse(string address) =>
        Assert.That(Default.IsAllowed(IPAddress.Parse(address)), Is.False);

    [TestCase("198.41.0.4")]
    [TestCase("::ffff:198.41.0.4")]
    [TestCase("64:ff9b::198.41.0.4")]
    [TestCase("2606:4700::1")]
    public void IsAllowed_WhenAddressInConfiguredBlockedNetwork_ReturnsFalse(string address)
    {
        var policy = new DestinationPolicy([], [IPNetwork.Parse("198.41.0.0/24"), IPNetwork.Parse("2606:4700::/32")]);

        Assert.That(policy.IsAllowed(IPAddress.Parse(address)), Is.False);
    }

    [Test]
    public void IsAllowed_WhenConfiguredBlockedAddressIsAlsoAllowed_ReturnsTrue()
    {
        var policy = new DestinationPolicy([IPNetwork.Parse("198.41.0.7/32")], [IPNetwork.Parse("198.41.0.0/24")]);

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsAllowed(IPAddress.Parse("198.41.0.7")), Is.True);
            Assert.That(policy.IsAllowed(IPAddress.Parse("198.41.0.8")), Is.False);
        });
    }
}
