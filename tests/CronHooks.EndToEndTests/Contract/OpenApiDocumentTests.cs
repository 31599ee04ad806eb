using System.Net;
using System.Text.Json.Nodes;

namespace CronHooks.EndToEndTests.Contract;

/// <summary>The committed contract (openapi/cronhooks.v1.json) is the one the API serves, and the API shows it.</summary>
public sealed class OpenApiDocumentTests
{
    private const string CommittedDocument = "openapi/cronhooks.v1.json";

    [Test]
    public async Task CommittedDocument_MatchesWhatTheApiServes()
    {
        using var http = TestHost.Api.CreateClient();
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.PathOf(CommittedDocument)));

        var difference = JsonDifference.First(committed, served, "$");

        Assert.That(difference, Is.Null,
            $"{CommittedDocument} is not the document the API produces; first difference at {difference}. " +
            "The API changed without its contract: run `dotnet build src/CronHooks.Api` (outside CI every build " +
            $"rewrites {CommittedDocument}), review the change with `git diff openapi/`, and commit it. " +
            "The client in src/CronHooks.Client is generated from that file on the next build.");
    }

    [Test]
    public async Task Docs_ServesTheInteractiveUi()
    {
        using var http = TestHost.Api.CreateClient();

        using var response = await http.GetAsync("/docs/index.html");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("swagger-ui"));
    }

    [Test]
    public async Task Docs_WhenServed_HasAContentSecurityPolicyAllowingOnlyItsOwnInlineScript()
    {
        using var http = TestHost.Api.CreateClient();

        using var response = await http.GetAsync("/docs/index.html");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries);
        var html = await response.Content.ReadAsStringAsync();
        var inline = System.Text.RegularExpressions.Regex.Match(html, @"<script>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        // As a browser computes it: over the script after HTML parsing has turned CRLF into LF.
        var parsed = inline.Replace("\r\n", "\n", StringComparison.Ordinal);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(parsed)));
        Assert.Multiple(() =>
        {
            Assert.That(policy, Does.Contain("default-src 'none'"));
            Assert.That(policy, Does.Contain($"script-src 'self' 'sha256-{hash}'"), "the page's own script runs, nothing else inline");
            Assert.That(policy, Does.Contain("connect-src 'self'"), "no document from, or token to, another origin");
            Assert.That(policy, Does.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        });
    }
}

/// <summary>Finds the first place where two JSON documents differ (object member order does not matter).</summary>
internal static class JsonDifference
{
    public static string? First(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(name))
                        return $"{path}.{name} (only in what the API serves)";
                    if (!a.ContainsKey(name))
                        return $"{path}.{name} (only in the committed file)";
                    if (First(e[name], a[name], $"{path}.{name}") is { } inner)
                        return inner;
                }
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                        return $"{path}[{i}] (arrays differ in length: {e.Count} committed, {a.Count} served)";
                    if (First(e[i], a[i], $"{path}[{i}]") is { } inner)
                        return inner;
                }
                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path} (committed {expected?.ToJsonString() ?? "null"}, served {actual?.ToJsonString() ?? "null"})";
        }
    }
}
