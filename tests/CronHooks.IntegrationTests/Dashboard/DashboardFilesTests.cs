using System.Net;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Dashboard;

/// <summary>The dashboard's static files at "/" beside the API, without taking any of its paths.</summary>
public sealed class DashboardFilesTests : ApiTest
{
    [Test]
    public async Task Root_WhenRequested_ServesThePageWithStrictSecurityHeaders()
    {
        var response = await Api.CreateClient().GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<script type=\"module\" src=\"/app/main.js\"></script>"));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
    }

    [Test]
    public async Task Script_WhenRequested_IsServedAsJavaScript()
    {
        var response = await Api.CreateClient().GetAsync("/app/main.js");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
    }

    [TestCase("/api/v1/no-such-thing")]
    [TestCase("/api/v1/webhooks/not-a-guid")]
    [TestCase("/no-such-page")]
    public async Task UnknownPath_WhenRequested_IsStillA404Problem(string path)
    {
        var response = await Api.CreateClient().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("/openapi/v1.json", "application/json")]
    [TestCase("/health/live", "text/plain")]
    [TestCase("/metrics", "text/plain")]
    public async Task ServicePaths_WhenDashboardIsServed_AnswerAsBefore(string path, string mediaType)
    {
        var response = await Api.CreateClient().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
    }
}
