using System.Net;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Observability;

public sealed class MetricsTests : ApiTest
{
    private const string Requests = "http_requests_received_total";
    private const string Duration = "http_request_duration_seconds_count";

    [Test]
    public async Task Metrics_AfterRequests_CountsThemByRoutePatternMethodAndStatus()
    {
        var client = await Api.CreateUserClientAsync();
        var before = await ScrapeAsync();

        for (var i = 0; i < 2; i++)
            Assert.That((await client.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/api/v1/webhooks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var after = await ScrapeAsync();

        (string, string)[] missing = [("endpoint", "/api/v1/webhooks/{id:guid}"), ("method", "GET"), ("code", "404")];
        (string, string)[] list = [("endpoint", "/api/v1/webhooks/"), ("method", "GET"), ("code", "200")];
        Assert.Multiple(() =>
        {
            // The route pattern, not the path: one series per route however many webhook ids are asked for.
            Assert.That(after.Sum(Requests, missing) - before.Sum(Requests, missing), Is.EqualTo(2),
                string.Join("\n", after.Where(s => s.Name == Requests).Select(s => string.Join(",", s.Labels) + " " + s.Value)));
            Assert.That(after.Sum(Duration, missing) - before.Sum(Duration, missing), Is.EqualTo(2));
            Assert.That(after.Sum(Requests, list) - before.Sum(Requests, list), Is.EqualTo(1));
            Assert.That(after.Where(s => s.Labels.TryGetValue("endpoint", out var e) && e.Contains(Guid.Empty.ToString()[..4], StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task Metrics_IsAnonymousTextFormatWithProcessRuntimeAndConnectionPoolMetrics()
    {
        await Api.CreateUserClientAsync(); // uses the database, so the pool has connections to report
        var response = await Api.CreateClient().GetAsync("/metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(samples.Select(s => s.Name), Is.SupersetOf(new[]
        {
            "process_cpu_seconds_total", "system_runtime_dotnet_gc_collections", "npgsql_db_client_connection_count", "npgsql_db_client_connection_max",
        }));
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync() =>
        PrometheusText.Parse(await Api.CreateClient().GetStringAsync("/metrics"));
}
