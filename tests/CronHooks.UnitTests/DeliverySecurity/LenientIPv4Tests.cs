using CronHooks.Infrastructure.Delivery.Security;

namespace CronHooks.UnitTests.DeliverySecurity;

public sealed class LenientIPv4Tests
{
    [TestCase("127.0.0.1", "127.0.0.1")]
    [TestCase("2130706433", "127.0.0.1")]
    [TestCase("0x7f000001", "127.0.0.1")]
    [TestCase("0X7F000001", "127.0.0.1")]
    [TestCase("0177.0.0.1", "127.0.0.1")]
    [TestCase("0x7f.0.0.1", "127.0.0.1")]
    [TestCase("127.1", "127.0.0.1")]
    [TestCase("127.0.1", "127.0.0.1")]
    [TestCase("0", "0.0.0.0")]
    [TestCase("0x", "0.0.0.0")]
    [TestCase("169.254.43518", "169.254.169.254")]
    [TestCase("025177524776", "169.254.169.254")]
    [TestCase("127.0.0.1.", "127.0.0.1")]
    [TestCase("4294967295", "255.255.255.255")]
    public void TryParse_WhenNumericHost_ReturnsAddress(string host, string expected)
    {
        Assert.That(LenientIPv4.TryParse(host, out var address), Is.True);
        Assert.That(address.ToString(), Is.EqualTo(expected));
    }

    [TestCase("example.com")]
    [TestCase("127.0.0.1.example.com")]
    [TestCase("4294967296")] // over 32 bits
    [TestCase("256.0.0.1")]
    [TestCase("1.2.3.4.5")]
    [TestCase("08.0.0.1")] // 8 is not an octal digit
    [TestCase("0x1g")]
    [TestCase("")]
    [TestCase("1..2")]
    public void TryParse_WhenNotANumericHost_ReturnsFalse(string host) =>
        Assert.That(LenientIPv4.TryParse(host, out _), Is.False);
}
