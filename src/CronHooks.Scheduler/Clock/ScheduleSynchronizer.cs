using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Keeps Quartz's triggers in step with the webhooks table: applies the schedule outbox the API writes in
/// each webhook's transaction, and reconciles the two when asked. Every step is idempotent — it looks at
/// what the webhooks table says now, not at what the outbox row said — so applying a row twice, late, or
/// out of order converges on the same triggers.
/// </summary>
internal sealed class ScheduleSynchronizer(
    NpgsqlDataSource dataSource,
    ISchedulerFactory schedulers,
    IOptions<ClockOptions> options,
    TimeProvider clock,
    ILogger<ScheduleSynchronizer> logger)
{
    // A webhook needs its schedule's trigger while it is active and can still be due: a recurring one until
    // its window ends, a one-time one until its occurrence is queued (completed_at, which outlives the attempt's
    // rows: retention removes those) — unless it is a 'skip' one already too
    // late to be enqueued, which would otherwise get a trigger that fires for nothing at every reconciliation.
    private const string NeedsTrigger = """
        w.is_active AND (
            (w.schedule_type = 'Recurring' AND (w.ends_at IS NULL OR w.ends_at > @now))
            OR (w.schedule_type = 'Once'
                AND (w.missed_run_policy = 'RunOnce' OR w.scheduled_at >= @now - @misfire_threshold)
                AND w.completed_at IS NULL))
        """;

    /// <summary>The one job every schedule trigger fires; stored once, replaced harmlessly by every node at start.</summary>
    public async Task EnsureJobAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.AddJob(ScheduleTriggers.Job(), AddJobOptions.Replacing, cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> outbox rows (rows another node holds are skipped), brings
    /// every schedule they name in line in one pass, and deletes the rows in the same transaction, so a crash
    /// leaves them for the next pass. Many rows for one key are one action.
    /// </summary>
    /// <returns>How many rows were applied.</returns>
    public async Task<int> ApplyOutboxBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var ids = new List<long>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using (var claim = new NpgsqlCommand(
            "SELECT id, schedule_key FROM schedule_outbox ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            claim.Parameters.AddWithValue("batch", batchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
                keys.Add(reader.GetString(1));
            }
        }
        if (ids.Count == 0)
            return 0;

        await SyncKeysAsync(connection, transaction, keys, cancellationToken);

        await using (var delete = new NpgsqlCommand("DELETE FROM schedule_outbox WHERE id = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", ids.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Repairs drift the outbox cannot see (a trigger deleted by hand, a row lost to a restore): every schedule
    /// with a webhook that needs it gets its trigger, and every trigger without one goes.
    /// </summary>
    /// <returns>How many schedules needed repair.</returns>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var stuck = await StuckTriggers.RepairAsync(scheduler, dataSource, logger, cancellationToken);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand($"SELECT DISTINCT w.schedule_key FROM webhooks w WHERE {NeedsTrigger}"))
        {
            command.Parameters.AddWithValue("now", clock.GetUtcNow());
            command.Parameters.AddWithValue("misfire_threshold", options.Value.MisfireThreshold);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                wanted.Add(reader.GetString(0));
        }

        var existing = await scheduler.QueryTriggers(
            new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(ScheduleTriggers.Group), Take = PagedQuery.All },
            cancellationToken);
        var drift = new SortedSet<string>(wanted, StringComparer.Ordinal);
        drift.SymmetricExceptWith(existing.Items.Select(t => t.Key.Name));

        // The drift was read without locks: each chunk is looked at again under its keys' locks.
        foreach (var chunk in drift.Chunk(options.Value.OutboxBatchSize))
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await SyncKeysAsync(connection, transaction, chunk, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (drift.Count > 0)
            logger.LogWarning("Reconciliation repaired {Count} schedules whose triggers had drifted from the webhooks", drift.Count);
        return drift.Count + stuck;
    }

    /// <summary>
    /// Makes the triggers of <paramref name="keys"/> match the webhooks table. The transaction-scoped per-key
    /// locks serialise this across nodes: without them, a node that read "no webhooks" could remove a trigger
    /// just after another node created it for a webhook that arrived in between.
    /// </summary>
    private async Task SyncKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await ScheduleKeyLocks.AcquireAsync(connection, transaction, keys, cancellationToken);

        var now = clock.GetUtcNow();
        var wanted = new Dictionary<string, ITrigger>(StringComparer.Ordinal);
        // One statement for the whole batch; each key is one probe of the partial index on schedule_key.
        await using (var read = new NpgsqlCommand($"""
            SELECT k.key, n.cron_expression, n.time_zone
            FROM unnest(@keys::text[]) AS k(key)
            CROSS JOIN LATERAL (
                SELECT w.cron_expression, w.time_zone FROM webhooks w WHERE w.schedule_key = k.key AND {NeedsTrigger} LIMIT 1) AS n
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("keys", keys.ToArray());
            read.Parameters.AddWithValue("now", now);
            read.Parameters.AddWithValue("misfire_threshold", options.Value.MisfireThreshold);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                var trigger = ScheduleTriggers.OnceInstant(key) is { } instant
                    ? ScheduleTriggers.Once(key, instant, now)
                    : CronTriggerOrNull(key, reader.GetString(1), reader.GetString(2), now);
                if (trigger is not null)
                    wanted[key] = trigger;
            }
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await TriggerBatch.ApplyAsync(scheduler, keys, wanted, logger, cancellationToken);
    }

    /// <summary>
    /// The trigger for a cron key, or null when there is nothing Quartz could fire: a schedule past its last
    /// occurrence (a leap-day one in its final year), or one the API's validation should have kept out. A bad
    /// row must not block the outbox for every other schedule.
    /// </summary>
    private ITrigger? CronTriggerOrNull(string key, string expression, string timeZone, DateTimeOffset now)
    {
        try
        {
            var zone = TimeZones.Find(timeZone);
            return CronExpression.Parse(expression, CronFormat.Unix).WithTimeZone(zone).GetNextValidTimeAfter(now) is null
                ? null
                : ScheduleTriggers.Cron(key, expression, zone, now);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            logger.LogError(e, "Schedule {ScheduleKey} ('{CronExpression}' in {TimeZone}) cannot be scheduled", key, expression, timeZone);
            return null;
        }
    }
}
