using CronHooks.Application.Webhooks.Common;

namespace CronHooks.UnitTests.Application;

public sealed class WebhookSecretsTests
{
    [TestCase("Bearer abcdefgh1234", "****1234")]
    [TestCase("12345678", "****5678")]
    [TestCase("abc123", "****")]
    [TestCase("", "****")]
    public void Mask_ShowsTheLastFourCharactersOfLongEnoughValues(string value, string expected) =>
        Assert.That(WebhookSecrets.Mask(value), Is.EqualTo(expected));

    [Test]
    public void ResolveHeaders_WhenValueIsNullOrTheMask_KeepsTheStoredValue()
    {
        var stored = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-1234", ["X-Short"] = "abc" };

        var resolved = WebhookSecrets.ResolveHeaders(
            new Dictionary<string, string?> { ["authorization"] = "****1234", ["X-Short"] = null, ["X-New"] = "fresh" }, stored, sameOrigin: true, out var errors);

        Assert.That(errors, Is.Empty);
        Assert.That(resolved, Is.EqualTo(new Dictionary<string, string>
        {
            ["authorization"] = "Bearer secret-1234", ["X-Short"] = "abc", ["X-New"] = "fresh",
        }));
    }

    [Test]
    public void ResolveHeaders_WhenValueDiffersFromTheMask_ReplacesIt()
    {
        var stored = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-1234" };

        var resolved = WebhookSecrets.ResolveHeaders(new Dictionary<string, string?> { ["Authorization"] = "****9999" }, stored, sameOrigin: true, out _);

        Assert.That(resolved["Authorization"], Is.EqualTo("****9999"));
    }

    [Test]
    public void ResolveHeaders_WhenNullForAHeaderNotStored_ReportsIt()
    {
        WebhookSecrets.ResolveHeaders(new Dictionary<string, string?> { ["X-New"] = null }, new Dictionary<string, string>(), sameOrigin: true, out var errors);

        Assert.That(errors, Has.Count.EqualTo(1));
    }

    [TestCase("https://example.com/a", "https://EXAMPLE.com:443/b?x=1", true)]
    [TestCase("https://example.com/a", "http://example.com/a", false)]
    [TestCase("https://example.com/a", "https://example.com:8443/a", false)]
    [TestCase("https://example.com/a", "https://attacker.example/a", false)]
    public void SameOrigin_ComparesSchemeHostAndPort(string a, string b, bool same) =>
        Assert.That(WebhookSecrets.SameOrigin(a, b), Is.EqualTo(same));

    [Test]
    public void ResolveHeaders_WhenTheOriginChangesAndValueIsNullOrTheMask_ReportsEachHeaderByName()
    {
        var stored = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-1234", ["X-Short"] = "abc" };

        var resolved = WebhookSecrets.ResolveHeaders(
            new Dictionary<string, string?> { ["Authorization"] = "****1234", ["X-Short"] = null, ["X-New"] = "fresh" }, stored, sameOrigin: false, out var errors);

        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.Contain("'Authorization'"));
        Assert.That(errors[1], Does.Contain("'X-Short'"));
        Assert.That(resolved.Values, Has.None.EqualTo("Bearer secret-1234"));
    }
}
