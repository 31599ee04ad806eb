using Microsoft.Extensions.Hosting;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Publishes selected System.Diagnostics.Metrics meters on the host's registry: the runtime (GC, thread
/// pool) and Npgsql's connection pool, which is what to watch when sizing the pool. ASP.NET Core's own
/// meters are left out: <see cref="MetricsServices.UseCronHooksHttpMetrics"/> already covers requests.
/// So are the instruments recorded on every HTTP request and every database command: the adapter's
/// per-measurement label lookup was a visible share of a delivery's CPU, and cronhooks_delivery_duration_seconds
/// already times the requests; the gauges read at scrape time (pool size and use, connections) stay.
/// </summary>
internal sealed class MeterBridge(CollectorRegistry registry, IMetricFactory factory) : IHostedService, IDisposable
{
    private static readonly HashSet<string> Meters = ["System.Runtime", "Npgsql", "System.Net.Http"];

    private static readonly HashSet<string> PerOperation =
    [
        "http.client.request.duration", "http.client.active_requests", "http.client.request.time_in_queue",
        "db.client.operation.duration", "db.client.operation.npgsql.executing",
    ];

    private IDisposable? adapter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            // Without it the adapter writes into the process-wide default registry, not ours (prometheus-net 8.2.1).
            MetricFactory = factory,
            InstrumentFilterPredicate = instrument => Meters.Contains(instrument.Meter.Name) && !PerOperation.Contains(instrument.Name),
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        adapter?.Dispose();
        adapter = null;
    }
}
