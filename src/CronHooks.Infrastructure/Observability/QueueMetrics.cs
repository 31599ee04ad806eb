using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Gauges read from the database at scrape time, so they are as fresh as the scrape and cost nothing
/// between scrapes. They describe the whole cluster, not this node: every node reports the same
/// values, and dashboards take max() over nodes.
/// </summary>
internal sealed class QueueMetrics(
    NpgsqlDataSource dataSource, CollectorRegistry registry, IMetricFactory factory, TimeProvider clock, ILogger<QueueMetrics> logger)
    : IHostedService
{
    /// <summary>A node is live while its last check-in is at most this many check-in intervals old.</summary>
    internal const int LiveCheckinIntervals = 2;

    private const string Sql = """
        SELECT (SELECT count(*) FROM execution_queue WHERE lease_owner IS NULL AND due_at <= @now),
               (SELECT min(due_at) FROM execution_queue WHERE lease_owner IS NULL AND due_at <= @now),
               (SELECT min(created_at) FROM schedule_outbox),
               -- Quartz stores check-in instants as .NET ticks and intervals as milliseconds (10,000 ticks each).
               (SELECT count(*) FROM quartz.qrtz_scheduler_state
                WHERE last_checkin_time + checkin_interval * 10000 * @intervals >= @nowTicks)
        """;

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
        var now = clock.GetUtcNow();
        try
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.CommandTimeout = 5;
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("intervals", (long)LiveCheckinIntervals);
            command.Parameters.AddWithValue("nowTicks", now.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            queueDepth.Set(reader.GetInt64(0));
            oldestDueAge.Set(reader.IsDBNull(1) ? 0 : AgeSeconds(now, reader.GetFieldValue<DateTimeOffset>(1)));
            outboxLag.Set(reader.IsDBNull(2) ? 0 : AgeSeconds(now, reader.GetFieldValue<DateTimeOffset>(2)));
            liveNodes.Set(reader.GetInt64(3));
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

    private static double AgeSeconds(DateTimeOffset now, DateTimeOffset since) => Math.Max(0, (now - since).TotalSeconds);
}
