using CronHooks.Application.Common;
using CronHooks.Application.Webhooks.Common;

namespace CronHooks.UnitTests.Application;

public sealed class HeaderRulesTests
{
    private static readonly ResourceLimits Limits = new();

    private static List<string> Check(string name, string? value = "v") =>
        [.. HeaderRules.Check(new Dictionary<string, string?> { [name] = value }, Limits)];

    [TestCase("webhook-id")]
    [TestCase("Webhook-Timestamp")]
    [TestCase("WEBHOOK-SIGNATURE")]
    [TestCase("Host")]
    [TestCase("content-length")]
    [TestCase("Transfer-Encoding")]
    [TestCase("Connection")]
    [TestCase("Upgrade")]
    public void Check_WhenNameReserved_ReportsIt(string name) =>
        Assert.That(Check(name), Has.One.Contains("cannot be set"));

    [TestCase("X Api Key")]
    [TestCase("X-Api-Key:")]
    [TestCase("Ünicode")]
    [TestCase("X-(comment)")]
    [TestCase("")]
    public void Check_WhenNameNotAToken_ReportsIt(string name) =>
        Assert.That(Check(name), Has.One.Contains("not a valid HTTP token"));

    [TestCase("a\rb")]
    [TestCase("a\nX-Injected: 1")]
    [TestCase("a\0b")]
    public void Check_WhenValueHasControlCharacters_ReportsItWithoutTheValue(string value)
    {
        var problems = Check("X-Api-Key", value);

        Assert.That(problems, Has.One.Contains("CR, LF or NUL"));
        Assert.That(string.Join(" ", problems), Does.Not.Contain("Injected"));
    }

    [TestCase("X-Api-Key")]
    [TestCase("Authorization")]
    [TestCase("x_custom.header~1")]
    public void Check_WhenValid_ReportsNothing(string name) =>
        Assert.That(Check(name, "Bearer abc"), Is.Empty);

    [Test]
    public void Check_WhenMoreThanTheLimitOfHeaders_ReportsIt()
    {
        var headers = Enumerable.Range(0, 21).ToDictionary(i => $"X-H{i}", string? (_) => "v");

        Assert.That(HeaderRules.Check(headers, Limits), Has.One.Contains("at most 20 headers"));
        Assert.That(HeaderRules.Check(headers.Take(20).ToDictionary(), Limits), Is.Empty);
    }

    [Test]
    public void Check_WhenHeadersExceedTheSizeLimit_ReportsIt()
    {
        var headers = new Dictionary<string, string?> { ["X-Big"] = new string('a', 8 * 1024 - 5 + 1) };

        Assert.That(HeaderRules.Check(headers, Limits), Has.One.Contains("8192 bytes"));
        headers["X-Big"] = new string('a', 8 * 1024 - 5);
        Assert.That(HeaderRules.Check(headers, Limits), Is.Empty);
    }

    [Test]
    public void Check_WhenSameNameTwiceInDifferentCase_ReportsIt() =>
        Assert.That(HeaderRules.Check(new Dictionary<string, string?> { ["X-A"] = "1", ["x-a"] = "2" }, Limits), Has.One.Contains("more than once"));
}
