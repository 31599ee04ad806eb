using Microsoft.Extensions.Hosting;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Publishes selected System.Diagnostics.Metrics meters on the host's registry: the runtime (GC, thread
/// pool) and Npgsql's connection pool, which is what to watch when sizing the pool. ASP.NET Core's own
/// meters are left out: <see cref="MetricsServices.UseCronHooksHttpMetrics"/> already covers requests.
/// </summary>
internal sealed class MeterBridge(CollectorRegistry registry, IMetricFactory factory) : IHostedService, IDisposable
{
    private static readonly HashSet<string> Meters = ["System.Runtime", "Npgsql", "System.Net.Http"];

    private IDisposable? adapter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            // Without it the adapter writes into the process-wide default registry, not ours (prometheus-net 8.2.1).
            MetricFactory = factory,
            InstrumentFilterPredicate = instrument => Meters.Contains(instrument.Meter.Name),
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
