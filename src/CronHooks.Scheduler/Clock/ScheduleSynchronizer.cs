using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Keeps Quartz's triggers in step with the webhooks table: applies the schedule outbox the API writes in
/// each webhook's transaction, and reconciles the two when asked. Every step is idempotent — it looks at
/// what the webhooks table says now, not at what the outbox row said — so applying a row twice, late, or
/// out of order converges on the same triggers. The whole-table comparison is <see cref="ScheduleReconciler"/>.
/// </summary>
internal sealed class ScheduleSynchronizer(
    NpgsqlDataSource dataSource,
    ISchedulerFactory schedulers,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ScheduleSynchronizer> logger)
{
    // A webhook needs its schedule's trigger while it is active and can still be due: a recurring one until
    // its window ends, a one-time one until its occurrence is queued (completed_at, which outlives the attempt's
    // rows: retention removes those) — unless it is a 'skip' one already too
    // late to be enqueued, which would otherwise get a trigger that fires for nothing at every reconciliation.
    public const string NeedsTrigger = $"""
        w.is_active AND (
            (w.schedule_type IN ('{nameof(ScheduleType.Recurring)}', '{nameof(ScheduleType.Interval)}') AND (w.ends_at IS NULL OR w.ends_at > @now))
            OR (w.schedule_type = '{nameof(ScheduleType.Once)}'
                AND (w.missed_run_policy <> '{nameof(MissedRunPolicy.Skip)}' OR w.scheduled_at >= @now - @misfire_threshold)
                AND w.completed_at IS NULL))
        """;

    /// <summary>The node's Quartz scheduler.</summary>
    public ValueTask<IScheduler> SchedulerAsync(CancellationToken cancellationToken) => schedulers.GetScheduler(cancellationToken);

    /// <summary>The one job every schedule trigger fires; stored once, replaced harmlessly by every node at start.</summary>
    public async Task EnsureJobAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.AddJob(ScheduleTriggers.Job(), AddJobOptions.Replacing, cancellationToken);
    }

    /// <summary>
    /// Claims the oldest <paramref name="batchSize"/> outbox rows (rows another node holds are skipped), discards
    /// every other pending row of the same keys with them, brings those schedules in line in one pass, and commits
    /// both together, so a crash leaves the rows for the next pass. All the rows of one key are one apply.
    /// </summary>
    /// <returns>How many rows the claimed head held (a full head means more may wait) and how many rows were discarded.</returns>
    public async Task<(int Head, int Discarded)> ApplyOutboxBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var (head, keys) = await ScheduleOutbox.ClaimHeadAsync(connection, transaction, batchSize, cancellationToken);
        if (head == 0)
            return (0, 0);
        var discarded = await ScheduleOutbox.DiscardKeysAsync(connection, transaction, keys, cancellationToken);
        await SyncKeysAsync(connection, transaction, keys, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (head, discarded);
    }

    /// <summary>
    /// Makes the triggers of <paramref name="keys"/> match the webhooks table. The transaction-scoped per-key
    /// locks serialise this across nodes: without them, a node that read "no webhooks" could remove a trigger
    /// just after another node created it for a webhook that arrived in between.
    /// </summary>
    public async Task SyncKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await ScheduleKeyLocks.AcquireAsync(connection, transaction, keys, cancellationToken);

        var now = clock.GetUtcNow();
        var wanted = new Dictionary<string, ITrigger>(StringComparer.Ordinal);
        // One statement for the whole batch; each key is one probe of the partial index on schedule_key.
        await using (var read = new NpgsqlCommand($"""
            SELECT k.key, n.cron_expression, n.time_zone, n.interval_seconds, n.anchor
            FROM unnest(@keys::text[]) AS k(key)
            CROSS JOIN LATERAL (
                SELECT w.cron_expression, w.time_zone, w.interval_seconds, w.anchor FROM webhooks w
                WHERE w.schedule_key = k.key AND {NeedsTrigger} LIMIT 1) AS n
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
                    : ScheduleKey.IsInterval(key) && !reader.IsDBNull(3)
                        ? ScheduleTriggers.Interval(key, new IntervalSchedule(reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)), options.Value.CronLead, now)
                        : reader.IsDBNull(1) ? null : CronTriggerOrNull(key, reader.GetString(1), reader.GetString(2), now);
                if (trigger is not null)
                    wanted[key] = trigger;
            }
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var (stored, removed) = await TriggerBatch.ApplyAsync(scheduler, keys, wanted, logger, cancellationToken);
        await ScheduleWatermarks.FollowTriggersAsync(connection, transaction, stored, removed, now, cancellationToken);
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
                : ScheduleTriggers.Cron(key, expression, zone, options.Value.CronLead, now);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            logger.LogError(e, "Schedule {ScheduleKey} ('{CronExpression}' in {TimeZone}) cannot be scheduled", key, expression, timeZone);
            return null;
        }
    }
}
