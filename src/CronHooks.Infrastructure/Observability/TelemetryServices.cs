using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Logs, traces and metrics, set up the same way in the API and in scheduler nodes: JSON log lines
/// carrying trace ids outside Development; traces of incoming requests, outgoing HTTP calls and
/// database commands, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; Prometheus metrics.
/// </summary>
public static class TelemetryServices
{
    /// <summary>The activity source for CronHooks' own spans (e.g. one per delivery attempt).</summary>
    public const string ActivitySourceName = "CronHooks";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static IHostApplicationBuilder AddCronHooksTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        // Every log line written inside a request or a delivery carries its trace and span id, so a log
        // search and a trace view lead to each other.
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object per line: what log shippers parse without per-service rules.
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(TelemetryServices).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ActivitySourceName)
                    // Probes and scrapes every few seconds would drown the traces worth looking at.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    // Before any exporter: URL paths and queries carry credentials (Slack URLs, ?token=).
                    .AddProcessor(new UrlRedaction());
                if (exportOtlp)
                    tracing.AddOtlpExporter(); // endpoint, protocol and headers come from the standard OTEL_* variables
            });

        builder.Services.AddCronHooksMetrics();
        return builder;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsServices.Path, StringComparison.OrdinalIgnoreCase);
}
