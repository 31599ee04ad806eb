using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CronHooks.Application.Common.Ports;
using Npgsql;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Gauges read from the database at scrape time, so they are as fresh as the scrape and cost nothing
/// between scrapes. They describe the whole cluster, not this node: every node reports the same
/// values, and dashboards take max() over nodes.
/// </summary>
internal sealed class QueueMetrics(
    IClusterStatusReader cluster, CollectorRegistry registry, IMetricFactory factory, ILogger<QueueMetrics> logger)
    : IHostedService
{
    /// <summary>A node is live while its last check-in is at most this many check-in intervals old.</summary>
    internal const int LiveCheckinIntervals = 2;

    private readonly Gauge queueDepth = factory.CreateGauge(
        MetricNames.QueueDue, "Attempts that are due (pending, due time passed) and not yet claimed by a node.");

    private readonly Gauge oldestDueAge = factory.CreateGauge(
        MetricNames.QueueOldestDueAge, "How long the oldest due, unclaimed attempt has been waiting (0 when none).");

    private readonly Gauge outboxLag = factory.CreateGauge(
        MetricNames.OutboxLag, "Age of the oldest schedule change not yet applied to the triggers (0 when none).");

    private readonly Gauge liveNodes = factory.CreateGauge(
        MetricNames.LiveNodes, "Scheduler nodes that checked in to the Quartz cluster within two check-in intervals.");

    private readonly Counter failures = factory.CreateCounter(
        MetricNames.QueueMetricsFailures, "Scrapes whose database read failed; the gauges are NaN then.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(RefreshAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The admin's cluster status reads the same: one query, so the page and the gauges never disagree.
            var status = await cluster.ReadAsync(cancellationToken);
            queueDepth.Set(status.QueueDepth);
            oldestDueAge.Set(status.OldestDueAgeSeconds);
            outboxLag.Set(status.OutboxLagSeconds);
            liveNodes.Set(status.Nodes.Count(n => n.Live));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // A scrape must still answer (the process metrics are worth having), but stale numbers would lie.
            logger.LogWarning("Could not read queue metrics from the database: {Error}", e.Message);
            failures.Inc();
            foreach (var gauge in new[] { queueDepth, oldestDueAge, outboxLag, liveNodes })
                gauge.Set(double.NaN);
        }
    }
}
