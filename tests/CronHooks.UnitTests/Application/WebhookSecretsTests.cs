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
            new Dictionary<string, string?> { ["authorization"] = "****1234", ["X-Short"] = null, ["X-New"] = "fresh" }, stored, out var errors);

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

        var resolved = WebhookSecrets.ResolveHeaders(new Dictionary<string, string?> { ["Authorization"] = "****9999" }, stored, out _);

        Assert.That(resolved["Authorization"], Is.EqualTo("****9999"));
    }

    [Test]
    public void ResolveHeaders_WhenNullForAHeaderNotStored_ReportsIt()
    {
        WebhookSecrets.ResolveHeaders(new Dictionary<string, string?> { ["X-New"] = null }, new Dictionary<string, string>(), out var errors);

        Assert.That(errors, Has.Count.EqualTo(1));
    }
}
