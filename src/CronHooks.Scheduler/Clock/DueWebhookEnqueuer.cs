using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The clock's only write to the delivery queue: one pending first attempt per active webhook on a
/// schedule, for one occurrence, in one statement. The executions table's statement trigger then wakes
/// the delivery workers with a single NOTIFY however many rows went in.
/// </summary>
internal sealed class DueWebhookEnqueuer(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Enqueues <paramref name="occurrence"/> of <paramref name="scheduleKey"/>. One-time webhooks get their
    /// own <c>scheduled_at</c> as the occurrence (the shared trigger fires at the second it rounds up to).
    /// When <paramref name="onTime"/> is false the firing is late beyond the misfire threshold and only
    /// <c>RunOnce</c> webhooks get an attempt. A repeated firing inserts nothing (same unique key).
    /// </summary>
    /// <returns>The number of attempts enqueued now.</returns>
    public async Task<int> EnqueueAsync(
        string scheduleKey, DateTimeOffset occurrence, bool onTime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at)
            SELECT gen_random_uuid(), w.id, w.owner_id, 'Pending', 1, 'Schedule',
                   CASE WHEN w.schedule_type = 'Once' THEN w.scheduled_at ELSE $2 END,
                   $2, false, $4
            FROM webhooks w
            WHERE w.schedule_key = $1
              AND w.is_active
              AND (w.starts_at IS NULL OR w.starts_at <= $2)
              AND (w.ends_at IS NULL OR w.ends_at >= $2)
              AND ($3 OR w.missed_run_policy = 'RunOnce')
            ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = scheduleKey });
        command.Parameters.Add(new NpgsqlParameter { Value = occurrence.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = onTime });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
}
