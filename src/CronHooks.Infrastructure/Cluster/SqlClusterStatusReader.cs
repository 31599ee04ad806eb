using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure.Observability;
using CronHooks.Infrastructure.Persistence;
using Npgsql;

namespace CronHooks.Infrastructure.Cluster;

/// <summary>Reads the cluster's state in one round trip: the admin's cluster status and the /metrics gauges (<see cref="QueueMetrics"/>) both come from here.</summary>
internal sealed class SqlClusterStatusReader(NpgsqlDataSource dataSource, TimeProvider clock) : IClusterStatusReader
{
    /// <summary>Quartz's default misfire threshold: a trigger this late is what Quartz counts as misfired.</summary>
    private static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    private const string Sql = $"""
        SELECT (SELECT count(*) FROM execution_queue WHERE lease_owner IS NULL AND due_at <= @now),
               (SELECT min(due_at) FROM execution_queue WHERE lease_owner IS NULL AND due_at <= @now),
               (SELECT count(*) FROM execution_queue WHERE lease_owner IS NOT NULL AND lease_expires_at > @now),
               (SELECT min(created_at) FROM schedule_outbox),
               (SELECT count(*) FROM {QuartzSchema.TablePrefix}triggers WHERE trigger_state = 'WAITING' AND next_fire_time < @misfiredBefore),
               (SELECT count(*) FROM audit_log);
        -- Quartz stores check-in instants as .NET ticks and intervals as milliseconds (10,000 ticks each).
        SELECT instance_name, last_checkin_time, checkin_interval FROM {QuartzSchema.TablePrefix}scheduler_state ORDER BY instance_name;
        SELECT c.relname, substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)')::timestamptz,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'executions'::regclass
        ORDER BY 2 NULLS FIRST, 1;
        """;

    public async Task<ClusterStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(Sql);
        command.CommandTimeout = 5; // a scrape or a status page must answer, not hang on a stuck database
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("misfiredBefore", (now - MisfireThreshold).UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var depth = reader.GetInt64(0);
        var oldestDue = reader.IsDBNull(1) ? 0 : AgeSeconds(now, reader.GetFieldValue<DateTimeOffset>(1));
        var running = reader.GetInt64(2);
        var outboxLag = reader.IsDBNull(3) ? 0 : AgeSeconds(now, reader.GetFieldValue<DateTimeOffset>(3));
        var misfired = reader.GetInt64(4);
        var audit = reader.GetInt64(5);

        await reader.NextResultAsync(cancellationToken);
        var nodes = new List<ClusterNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var checkin = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var interval = reader.GetInt64(2);
            var live = checkin.AddMilliseconds(interval * QueueMetrics.LiveCheckinIntervals) >= now;
            nodes.Add(new ClusterNode(reader.GetString(0), checkin, (int)interval, live));
        }

        await reader.NextResultAsync(cancellationToken);
        var partitions = new List<HistoryPartition>();
        while (await reader.ReadAsync(cancellationToken))
            partitions.Add(new HistoryPartition(reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));

        return new ClusterStatus(now, nodes, depth, oldestDue, running, outboxLag, misfired, partitions, audit);
    }

    private static double AgeSeconds(DateTimeOffset now, DateTimeOffset since) => Math.Max(0, (now - since).TotalSeconds);
}
