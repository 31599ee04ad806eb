using Microsoft.Extensions.Hosting;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Publishes selected System.Diagnostics.Metrics meters on the host's registry: the runtime (GC, thread
/// pool) and Npgsql's connection pool, which is what to watch when sizing the pool. ASP.NET Core's own
/// meters are left out: <see cref="MetricsServices.UseCronHooksHttpMetrics"/> already covers requests.
/// So are the instruments recorded on every HTTP request, database command or socket read (HttpClient's,
/// Npgsql's operation metrics): the adapter's per-measurement label lookup was a visible share of a
/// delivery's CPU, and cronhooks_delivery_duration_seconds already times the requests.
/// </summary>
internal sealed class MeterBridge(CollectorRegistry registry, IMetricFactory factory) : IHostedService, IDisposable
{
    private IDisposable? adapter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            // Without it the adapter writes into the process-wide default registry, not ours (prometheus-net 8.2.1).
            MetricFactory = factory,
            InstrumentFilterPredicate = IsBridged,
        });
        return Task.CompletedTask;
    }

    /// <summary>The runtime's instruments, and Npgsql's pool instruments (db.client.connection.*), not its per-command ones.</summary>
    internal static bool IsBridged(System.Diagnostics.Metrics.Instrument instrument) => instrument.Meter.Name switch
    {
        "System.Runtime" => true,
        "Npgsql" => instrument.Name.StartsWith("db.client.connection.", StringComparison.Ordinal),
        _ => false,
    };

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
