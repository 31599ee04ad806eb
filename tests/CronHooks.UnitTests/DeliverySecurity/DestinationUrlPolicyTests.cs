using System.Net;
using CronHooks.Infrastructure.Delivery.Security;

namespace CronHooks.UnitTests.DeliverySecurity;

public sealed class DestinationUrlPolicyTests
{
    private static DestinationUrlPolicy Policy(params string[] allowed) =>
        new(new DestinationPolicy(allowed.Select(a => IPNetwork.Parse(a))));

    [TestCase("http://127.0.0.1/")]
    [TestCase("http://2130706433/")]
    [TestCase("http://0x7f000001/")]
    [TestCase("http://0177.0.0.1/")]
    [TestCase("http://127.1/")]
    [TestCase("http://[::ffff:127.0.0.1]/")]
    [TestCase("http://[::1]:8080/")]
    [TestCase("http://0/")]
    [TestCase("http://0.0.0.0/")]
    [TestCase("http://169.254.169.254/latest/meta-data/")]
    [TestCase("http://[fd00::1]/")]
    [TestCase("http://[64:ff9b::a9fe:a9fe]/")]
    [TestCase("https://10.0.0.1/")]
    [TestCase("https://192.168.1.1./")]
    public void CheckUrl_WhenHostIsBlockedLiteral_ReturnsReason(string url) =>
        Assert.That(Policy().CheckUrl(url), Does.Contain("private or reserved"));

    [TestCase("http://localhost/")]
    [TestCase("http://LOCALHOST:5000/")]
    [TestCase("http://localhost./")]
    [TestCase("http://api.localhost/")]
    public void CheckUrl_WhenHostIsLocalhost_ReturnsReason(string url) =>
        Assert.That(Policy().CheckUrl(url), Does.Contain("localhost"));

    [TestCase("http://metadata.google.internal/")]
    [TestCase("http://db.internal:5432/")]
    public void CheckUrl_WhenHostIsInternal_ReturnsReason(string url) =>
        Assert.That(Policy().CheckUrl(url), Does.Contain(".internal"));

    [TestCase("ftp://example.com/file")]
    [TestCase("file:///etc/passwd")]
    [TestCase("gopher://example.com/")]
    public void CheckUrl_WhenSchemeNotHttp_ReturnsReason(string url) =>
        Assert.That(Policy().CheckUrl(url), Does.Contain("http"));

    [TestCase("https://user:secret-password@example.com/")]
    [TestCase("https://user@example.com/")]
    [TestCase("https://@example.com/")]
    public void CheckUrl_WhenUrlHasUserInfo_ReturnsReasonWithoutTheCredentials(string url)
    {
        var reason = Policy().CheckUrl(url);

        Assert.That(reason, Does.Contain("user name or password"));
        Assert.That(reason, Does.Not.Contain("secret-password"));
    }

    [TestCase("https://example.com/hooks/report")]
    [TestCase("http://example.com:8080/a?b=c")]
    [TestCase("https://8.8.8.8/")]
    [TestCase("https://[2001:4860:4860::8888]/")]
    [TestCase("https://172.32.0.1/")]
    [TestCase("https://localhost.example.com/")]
    [TestCase("https://example.com/path@with-at")]
    public void CheckUrl_WhenPublic_ReturnsNull(string url) =>
        Assert.That(Policy().CheckUrl(url), Is.Null);

    [TestCase("http://127.0.0.1:5000/")]
    [TestCase("http://2130706433/")]
    [TestCase("http://[::ffff:127.0.0.1]/")]
    [TestCase("http://localhost:5000/")]
    public void CheckUrl_WhenLoopbackAllowed_ReturnsNull(string url) =>
        Assert.That(Policy("127.0.0.1/32").CheckUrl(url), Is.Null);

    [Test]
    public void CheckUrl_WhenOtherPrivateNetworkAllowed_StillRejectsLoopback() =>
        Assert.That(Policy("10.0.0.0/8").CheckUrl("http://127.0.0.1/"), Is.Not.Null);
}
