using System.Diagnostics;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace CronHooks.IntegrationTests.Observability;

public sealed class TracingTests : ApiTest
{
    [Test]
    public async Task Request_IsTracedWithItsDatabaseCallsAsChildSpans()
    {
        var spans = new List<Activity>();
        await using var api = Api.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        var username = "traced" + Guid.NewGuid().ToString("N")[..8];

        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/auth/register",
            new { username, email = $"{username}@example.com", password = "correct horse battery" });
        response.EnsureSuccessStatusCode();

        // The server span ends as the response is written, which can be just after the client has it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Activity? request = null;
        while (DateTime.UtcNow < deadline)
        {
            lock (spans)
                request = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/api/v1/auth/register");
            if (request is not null)
                break;
            await Task.Delay(50);
        }
        Assert.That(request, Is.Not.Null, "no server span for the request");
        List<Activity> database;
        lock (spans)
            database = spans.Where(s => s.Source.Name == "Npgsql" && s.TraceId == request!.TraceId).ToList();
        Assert.That(database, Is.Not.Empty, "no database span in the request's trace");
        Assert.That(database.Any(s => ((string?)s.GetTagItem("db.query.text") ?? (string?)s.GetTagItem("db.statement") ?? s.DisplayName)
            .Contains("INSERT", StringComparison.OrdinalIgnoreCase)), Is.True, string.Join(" | ", database.Select(s => s.DisplayName)));
    }

    [Test]
    public void Logging_OutsideDevelopment_WritesJsonLines()
    {
        var console = Api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.That(console.FormatterName, Is.EqualTo(ConsoleFormatterNames.Json));
    }
}
