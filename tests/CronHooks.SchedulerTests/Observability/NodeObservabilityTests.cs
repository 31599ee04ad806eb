using System.Text.Json;
using CronHooks.Domain.Executions;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Observability;

/// <summary>
/// What an operator sees of one delivery on a real scheduler process: its scrape endpoint and its JSON
/// log lines (the production format), tied to the trace the receiver was handed.
/// </summary>
[NonParallelizable]
internal sealed class NodeObservabilityTests : SchedulerNodeTest
{
    private const string SecretHeaderValue = "Bearer n0de-s3cret-t0ken";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private WireMockServer receiver = null!;

    [SetUp]
    public void StartReceiver()
    {
        receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/observed")).RespondWith(Response.Create().WithStatusCode(200));
    }

    [TearDown]
    public void StopReceiver()
    {
        receiver.Stop();
        receiver.Dispose();
    }

    [Test]
    public async Task Delivery_OnANode_MovesItsMetricsAndLogsOneJsonOutcomeLineInTheReceiversTrace()
    {
        var node = await StartNodeAsync(settings: new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" });
        using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(10) };
        var before = await ScrapeAsync(http);
        var data = new DeliveryTestData(TestDatabase.ConnectionString);
        var webhook = await data.CreateWebhookAsync(Owner, $"http://127.0.0.1:{receiver.Port}/observed",
            w => w.Headers = new Dictionary<string, string> { ["Authorization"] = SecretHeaderValue });

        var id = await data.EnqueueAsync(webhook);
        await Eventually.ReturnsAsync(() => data.ExecutionAsync(id), e => e.Status == ExecutionStatus.Success, Patience, "the delivery");
        var after = await Eventually.ReturnsAsync(() => ScrapeAsync(http),
            s => s.Sum("cronhooks_deliveries_total", ("outcome", "success")) > before.Sum("cronhooks_deliveries_total", ("outcome", "success")),
            Patience, "the deliveries counter to move");
        var outcome = await Eventually.ReturnsAsync(() => Task.FromResult(JsonLines(node).Where(l => Message(l).Contains(id.ToString(), StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0, Patience, "the outcome line");
        var traceparent = receiver.LogEntries.Single().RequestMessage!.Headers!["traceparent"].Single();

        Assert.Multiple(() =>
        {
            Assert.That(Moved(before, after, "cronhooks_deliveries_total", ("outcome", "success"), ("error_kind", "")), Is.EqualTo(1));
            Assert.That(Moved(before, after, "cronhooks_delivery_duration_seconds_count"), Is.EqualTo(1));
            Assert.That(Moved(before, after, "cronhooks_delivery_lateness_seconds_count"), Is.EqualTo(1), "the lateness histogram has the delivery");
            Assert.That(Moved(before, after, "cronhooks_delivery_lateness_seconds_bucket", ("le", "+Inf")), Is.EqualTo(1));
            Assert.That(outcome, Has.Count.EqualTo(1), "one line per outcome");
            var line = outcome.Single();
            Assert.That(line.GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
            Assert.That(Message(line), Does.StartWith("Delivery success:").And.Contain(webhook.Id.ToString()));
            Assert.That(TraceId(line), Is.EqualTo(traceparent.Split('-')[1]), "the log line's trace is the one the receiver was handed");
            Assert.That(node.Output, Does.Not.Contain("n0de-s3cret"), "a header value reached the log");
        });
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient http) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    private static double Moved(IReadOnlyList<PrometheusSample> before, IReadOnlyList<PrometheusSample> after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static IEnumerable<JsonElement> JsonLines(ServiceProcess node)
    {
        foreach (var line in node.OutputLines.Where(l => l.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.Clone();
        }
    }

    private static string Message(JsonElement line) => line.TryGetProperty("Message", out var message) ? message.GetString() ?? "" : "";

    private static string? TraceId(JsonElement line) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Select(s => s.TryGetProperty("TraceId", out var id) ? id.GetString() : null).FirstOrDefault(id => id is not null)
            : null;
}
