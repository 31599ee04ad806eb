using System.Diagnostics;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Observability;
using CronHooks.SchedulerTests.Delivery;
using CronHooks.SchedulerTests.Harness;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Observability;

/// <summary>
/// A delivery as a trace: the engine with the services' real telemetry set-up, spans collected by the
/// in-memory exporter, a real database and a real receiver.
/// </summary>
internal sealed class DeliveryTracingTests : DeliveryTest
{
    private const string SecretHeaderValue = "Bearer tr4ced-s3cret-t0ken";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private List<Activity> spans = null!;
    private ScopedLogs logs = null!;

    [SetUp]
    public void CollectTelemetry()
    {
        spans = [];
        logs = new ScopedLogs();
    }

    [TearDown]
    public void DisposeLogs() => logs.Dispose();

    [Test]
    public async Task Deliver_WhenTraced_DeliverySpanHasTheIdsAndParentsTheHttpAndDatabaseSpans()
    {
        var (webhookId, executionId) = await DeliverOnceAsync(status: 200);

        var delivery = await DeliverySpanAsync(executionId);
        var trace = SpansOf(delivery.TraceId);
        var http = trace.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http").ToList();
        var database = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(delivery.DisplayName, Is.EqualTo("webhook.deliver"));
            Assert.That(delivery.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "an attempt starts its own trace");
            Assert.That(delivery.GetTagItem("cronhooks.webhook.id"), Is.EqualTo(webhookId.ToString()));
            Assert.That(delivery.GetTagItem("cronhooks.execution.id"), Is.EqualTo(executionId.ToString()));
            Assert.That(delivery.GetTagItem("cronhooks.attempt.number"), Is.EqualTo(1));
            Assert.That(delivery.GetTagItem("cronhooks.delivery.outcome"), Is.EqualTo("success"));
            Assert.That(delivery.GetTagItem("http.response.status_code"), Is.EqualTo(200));
            Assert.That(http, Has.Count.EqualTo(1), "one HttpClient span in the trace");
            Assert.That(http.Single().ParentSpanId, Is.EqualTo(delivery.SpanId), "the request is a child of the attempt");
            Assert.That(database, Is.Not.Empty, "no database span in the attempt's trace");
            // The outcome write (and the webhook load before it) run inside the attempt.
            Assert.That(database.Any(s => QueryText(s).Contains("INSERT INTO executions", StringComparison.OrdinalIgnoreCase)), Is.True,
                string.Join(" | ", database.Select(QueryText)));
        });
    }

    [Test]
    public async Task Deliver_WhenTraced_ReceiverGetsATraceparentOfTheDeliverysTrace()
    {
        var (_, executionId) = await DeliverOnceAsync(status: 200);

        var delivery = await DeliverySpanAsync(executionId);
        var http = SpansOf(delivery.TraceId).Single(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        var traceparent = Receiver.LogEntries.Single().RequestMessage!.Headers!["traceparent"].Single();
        var parts = traceparent.Split('-');
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Length.EqualTo(4), traceparent);
            Assert.That(parts[1], Is.EqualTo(delivery.TraceId.ToHexString()), "the receiver's trace id");
            Assert.That(parts[2], Is.EqualTo(http.SpanId.ToHexString()), "the receiver's parent: the HttpClient span");
        });
    }

    [Test]
    public async Task Deliver_WhenTraced_BackgroundPollingExportsNoDatabaseSpanOutsideATrace()
    {
        var (_, executionId) = await DeliverOnceAsync(status: 200);

        await DeliverySpanAsync(executionId);
        // The engine claimed the attempt (and polled) outside any span; none of that may be a trace of its own.
        // Only the claim's statement is looked for: the test's own queries share the Npgsql source and are root-less.
        var rootless = Exported().Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == default
            && QueryText(s).Contains("SKIP LOCKED", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(rootless, Is.Empty, string.Join(" | ", rootless.Select(QueryText)));
    }

    [Test]
    public async Task Deliver_WhenItFails_SpanRecordsTheErrorKindAndCode()
    {
        var (_, executionId) = await DeliverOnceAsync(status: 503);

        var delivery = await DeliverySpanAsync(executionId);
        Assert.Multiple(() =>
        {
            Assert.That(delivery.GetTagItem("cronhooks.delivery.outcome"), Is.EqualTo("failed"));
            Assert.That(delivery.GetTagItem("error.type"), Is.EqualTo("http_status"));
            Assert.That(delivery.GetTagItem("http.response.status_code"), Is.EqualTo(503));
            Assert.That(delivery.Status, Is.EqualTo(ActivityStatusCode.Error));
        });
    }

    [Test]
    public async Task Deliver_WhenItSucceeds_LogsOneOutcomeLineWithTheTraceIdAndNoHeaderValue()
    {
        var (webhookId, executionId) = await DeliverOnceAsync(status: 200);

        var delivery = await DeliverySpanAsync(executionId);
        var outcome = logs.Entries.Where(e => e.Message.Contains(executionId.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Has.Count.EqualTo(1), string.Join("\n", outcome.Select(e => e.Message)));
            var line = outcome.Single();
            Assert.That(line.Level, Is.EqualTo(LogLevel.Information));
            Assert.That(line.Message, Does.StartWith("Delivery success:").And.Contain(webhookId.ToString()).And.Contain("attempt 1").And.Contain("status code 200"));
            Assert.That(line.Scope.GetValueOrDefault("TraceId"), Is.EqualTo(delivery.TraceId.ToHexString()), "the line's trace id");
            Assert.That(logs.Entries.Where(e => e.Text.Contains("s3cret", StringComparison.Ordinal) || e.Scope.Values.Any(v => v.Contains("s3cret", StringComparison.Ordinal))),
                Is.Empty, "a header value was logged");
        });
    }

    [Test]
    public async Task Deliver_WhenTheUrlCarriesCredentials_NoSpanTagAndNoLogLineHasItsPathOrQuery()
    {
        var (_, executionId) = await DeliverOnceAsync(status: 200, path: "/traced/p4th-s3cret", query: "?token=qu3ry-s3cret");

        var delivery = await DeliverySpanAsync(executionId);
        var http = SpansOf(delivery.TraceId).Single(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        var leaks = Exported().SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}").Append(s.DisplayName))
            .Concat(logs.Entries.Select(e => e.Text).Concat(logs.Entries.SelectMany(e => e.Scope.Values)))
            .Where(text => text.Contains("p4th-s3cret", StringComparison.Ordinal) || text.Contains("qu3ry-s3cret", StringComparison.Ordinal))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(leaks, Is.Empty);
            Assert.That(http.GetTagItem("url.full"), Is.EqualTo(ReceiverUrl("/")), "the origin is kept");
        });
    }

    private async Task<(Guid WebhookId, Guid ExecutionId)> DeliverOnceAsync(int status, string path = "/traced", string query = "")
    {
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithStatusCode(status));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl(path + query),
            w => w.Headers = new Dictionary<string, string> { ["Authorization"] = SecretHeaderValue });
        await StartNodeAsync(configure: builder =>
        {
            // What both services run with (Program.cs), plus an exporter the test can read.
            builder.AddCronHooksTelemetry("cronhooks-scheduler");
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<ScopedLogs>(null, LogLevel.Trace);
        });
        var id = await Data.EnqueueAsync(webhook);
        await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id), e => e.Status is ExecutionStatus.Success or ExecutionStatus.Failed,
            Patience, "the attempt to finish");
        return (webhook.Id, id);
    }

    /// <summary>The attempt's span ends just after its outcome is written, so it may be exported a moment after the row shows it.</summary>
    private async Task<Activity> DeliverySpanAsync(Guid executionId)
    {
        Activity? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = Exported().FirstOrDefault(s => s.Source.Name == TelemetryServices.ActivitySourceName
                && (string?)s.GetTagItem("cronhooks.execution.id") == executionId.ToString());
            return found is not null;
        }, Patience, "the delivery span");
        return found!;
    }

    private List<Activity> SpansOf(ActivityTraceId trace) => Exported().Where(s => s.TraceId == trace).ToList();

    // The exporter appends from the engine's threads without a lock; a copy is a consistent snapshot to query.
    private Activity[] Exported() => spans.ToArray();

    private static string QueryText(Activity span) =>
        (string?)span.GetTagItem("db.query.text") ?? (string?)span.GetTagItem("db.statement") ?? span.DisplayName;
}
