using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The clock's only write to the delivery queue: one pending first attempt per active webhook on a
/// schedule, for one occurrence, in one statement. The queue's statement trigger then wakes the delivery
/// workers with a single NOTIFY however many rows went in.
/// </summary>
internal sealed class DueWebhookEnqueuer(NpgsqlDataSource dataSource)
{
    /// <summary>The transaction's settings, first in the batch: bounded lock waits, and every row read through an index.</summary>
    internal const string SettingsSql = $"{SessionLimits.BoundLockWaitsSql}, {SessionLimits.IndexPathsOnlySql}";

    /// <summary>The enqueue: $1 schedule key, $2 occurrence, $3 on time, $4 now, $5 existed by (or null), $6 has a watermark.</summary>
    internal static readonly string EnqueueSql = $$"""
        WITH due AS MATERIALIZED (
            SELECT w.id, w.owner_id, w.schedule_type, w.jitter_seconds, w.overlap_policy,
                   CASE WHEN w.schedule_type = '{{nameof(ScheduleType.Once)}}' THEN w.scheduled_at ELSE $2 END AS occurrence,
                   {{OverlapSql.Overlapped}} AS overlapped
            FROM webhooks w
            WHERE w.schedule_key = $1
              AND w.is_active
              AND (w.starts_at IS NULL OR w.starts_at <= $2)
              AND (w.ends_at IS NULL OR w.ends_at >= $2)
              -- Late: only runOnce and all webhooks, a recurring one only while its catch-up window still holds the occurrence
              -- (the rest are recorded by MissedOccurrences); a one-time webhook runs once however late.
              AND ($3 OR (w.missed_run_policy <> '{{nameof(MissedRunPolicy.Skip)}}'
                          AND (w.schedule_type = '{{nameof(ScheduleType.Once)}}' OR $4 - $2 <= make_interval(secs => w.catchup_window_seconds))))
              AND ($5::timestamptz IS NULL OR w.created_at <= $5)
              -- A one-time webhook's occurrence is queued once: a second firing (a reconcile re-arming a one-shot
              -- whose firing had begun, a recovery) finds it completed, even after retention removed the attempt.
              AND (w.schedule_type <> '{{nameof(ScheduleType.Once)}}' OR w.completed_at IS NULL)
        ), queued AS (
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT {{AttemptIds.NewSql}}, d.id, d.owner_id, d.occurrence, 1, '{{nameof(ExecutionTrigger.Schedule)}}',
                   CASE WHEN d.jitter_seconds = 0 THEN d.occurrence ELSE {{Jitter.Sql("d.id", "d.occurrence", "d.jitter_seconds")}} END, $4
            FROM due d
            WHERE NOT d.overlapped
              AND NOT EXISTS (SELECT 1 FROM executions h
                              WHERE h.webhook_id = d.id AND h.scheduled_for = d.occurrence AND h.attempt_number = 1)
            ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
            RETURNING id
        ), completed AS (
            -- By primary key from an array, not a join: a join is planned from statistics that lag behind a burst.
            UPDATE webhooks w SET completed_at = $4
            WHERE w.id = ANY (ARRAY(SELECT d.id FROM due d WHERE d.schedule_type = '{{nameof(ScheduleType.Once)}}'))
              AND w.completed_at IS NULL
        ), watermark AS (
            INSERT INTO schedule_watermarks AS m (schedule_key, enqueued_through)
            SELECT $1, $2 WHERE $6
            ON CONFLICT (schedule_key) DO UPDATE SET enqueued_through = greatest(m.enqueued_through, excluded.enqueued_through)
        ), overlap_skipped AS (
            {{OverlapSql.RecordSkipped}}
        )
        -- The watermark as it was before this firing (the main query does not see the CTE's update): a gap behind the
        -- occurrence means occurrences were missed, which the caller accounts for.
        SELECT id, NULL::timestamptz FROM queued
        UNION ALL
        SELECT NULL, m.enqueued_through FROM schedule_watermarks m WHERE $6 AND m.schedule_key = $1
        """;

    /// <summary>The take-back, with a fresh snapshot: $1 the enqueue's now, $2 the schedule key.</summary>
    internal static readonly string TakeBackSql = $$"""
        DELETE FROM execution_queue q
        USING executions h
        WHERE q.created_at = $1 AND q.trigger = '{{nameof(ExecutionTrigger.Schedule)}}' AND q.attempt_number = 1 AND q.lease_owner IS NULL
          AND q.webhook_id IN (SELECT id FROM webhooks WHERE schedule_key = $2)
          AND h.webhook_id = q.webhook_id AND h.scheduled_for = q.scheduled_for AND h.attempt_number = 1
        """;

    /// <summary>
    /// Enqueues <paramref name="occurrence"/> of <paramref name="scheduleKey"/>. One-time webhooks get their
    /// own <c>scheduled_at</c> as the occurrence and are due at it (the shared trigger fires ahead of the second it rounds up to).
    /// When <paramref name="onTime"/> is false the firing is late beyond the misfire threshold and only
    /// <c>runOnce</c> and <c>all</c> webhooks whose catch-up window still holds the occurrence get an attempt. A webhook
    /// whose overlap policy holds the occurrence back gets a skipped (<c>overlap</c>) history row instead. A repeated firing inserts nothing (same unique key). A recurring
    /// schedule's watermark moves to the occurrence in the same statement.
    /// </summary>
    /// <returns>The number of attempts enqueued now, and the schedule's watermark before this occurrence.</returns>
    public Task<EnqueueResult> EnqueueAsync(
        string scheduleKey, DateTimeOffset occurrence, bool onTime, DateTimeOffset now, CancellationToken cancellationToken) =>
        EnqueueAsync(scheduleKey, occurrence, onTime, now, existedBy: null, cancellationToken);

    /// <summary>
    /// A recurring schedule's firing: like <see cref="EnqueueAsync(string, DateTimeOffset, bool, DateTimeOffset, CancellationToken)"/>,
    /// for the webhooks that existed at the occurrence. A new schedule's trigger fires at once for an occurrence of the
    /// second it was stored in (Quartz's cron keeps whole seconds), which a webhook created after that instant never had.
    /// </summary>
    /// <returns>The number of attempts enqueued now, and the schedule's watermark before this occurrence.</returns>
    public Task<EnqueueResult> EnqueueRecurringAsync(
        string scheduleKey, DateTimeOffset occurrence, bool onTime, DateTimeOffset now, CancellationToken cancellationToken) =>
        EnqueueAsync(scheduleKey, occurrence, onTime, now, existedBy: occurrence, cancellationToken);

    /// <summary>
    /// Enqueues an occurrence of a recurring schedule that Quartz fired but whose enqueue never landed, found
    /// later by the catch-up: like <see cref="EnqueueAsync(string, DateTimeOffset, bool, DateTimeOffset, CancellationToken)"/>,
    /// but only for webhooks that existed at the occurrence, since one created since was not there when it fired.
    /// </summary>
    /// <returns>The number of attempts enqueued now, and the schedule's watermark before this occurrence.</returns>
    public Task<EnqueueResult> CatchUpAsync(
        string scheduleKey, DateTimeOffset occurrence, bool onTime, DateTimeOffset now, CancellationToken cancellationToken) =>
        EnqueueAsync(scheduleKey, occurrence, onTime, now, existedBy: occurrence, cancellationToken);

    private async Task<EnqueueResult> EnqueueAsync(
        string scheduleKey, DateTimeOffset occurrence, bool onTime, DateTimeOffset now, DateTimeOffset? existedBy,
        CancellationToken cancellationToken)
    {
        // Two statements, one transaction. The first skips attempts already in the history or the queue. An outcome
        // committing meanwhile moves its attempt from one to the other unseen by that statement's snapshot, so the
        // second, with a fresh snapshot, takes back what it queued that the history now holds: an occurrence is never
        // queued again once it has been sent, whatever fires twice.
        await using var batch = dataSource.CreateBatch();
        // A one-time webhook is completed in the same statement (completed_at): whatever happens to its attempt later
        // (retention drops it), it is never armed again. A recurring schedule's watermark moves in it too, so "enqueued"
        // and "recorded as enqueued" cannot part; it moves even when no webhook was due (the occurrence was dealt with).
        var insert = new NpgsqlBatchCommand(EnqueueSql);
        insert.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        insert.Parameters.Add(new NpgsqlParameter { Value = occurrence.ToUniversalTime() });
        insert.Parameters.Add(new NpgsqlParameter { Value = onTime });
        insert.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = existedBy?.ToUniversalTime() });
        insert.Parameters.Add(new NpgsqlParameter { Value = ScheduleTriggers.OnceInstant(scheduleKey) is null });
        var takeBack = new NpgsqlBatchCommand(TakeBackSql);
        takeBack.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        takeBack.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        // The batch is one implicit transaction: its lock waits (webhook rows an API request holds, a key another
        // node is queueing) are bounded, and a timeout is retried by the job. Every row it reads has an index to it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SettingsSql));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(takeBack);
        var queued = 0;
        DateTimeOffset? watermark = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(0))
                    queued++;
                else if (!reader.IsDBNull(1))
                    watermark = reader.GetFieldValue<DateTimeOffset>(1);
            }
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }
        return new EnqueueResult(Math.Max(0, queued - (int)takeBack.RecordsAffected), watermark);
    }

    /// <summary>What an enqueue did: attempts queued now, and a recurring schedule's watermark before it (null: none yet).</summary>
    public readonly record struct EnqueueResult(int Queued, DateTimeOffset? PreviousWatermark);

    /// <summary>The (expression, time zone) behind a cron key, or null when no active webhook uses it any more.</summary>
    public async Task<(string CronExpression, string TimeZone)?> CronScheduleAsync(string scheduleKey, CancellationToken cancellationToken)
    {
        // is_active lets this use the partial index on schedule_key (cancelled webhooks would force a table scan);
        // inactive webhooks would get no attempt from this firing anyway.
        await using var command = dataSource.CreateCommand(
            "SELECT cron_expression, time_zone FROM webhooks WHERE schedule_key = $1 AND is_active AND cron_expression IS NOT NULL LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>The interval schedule behind an interval key, or null when no active webhook uses it any more.</summary>
    public async Task<IntervalSchedule?> IntervalScheduleAsync(string scheduleKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT interval_seconds, anchor FROM webhooks WHERE schedule_key = $1 AND is_active AND interval_seconds IS NOT NULL LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new IntervalSchedule(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }
}
