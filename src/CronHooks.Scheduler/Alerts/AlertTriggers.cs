using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Pausing;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// Turns a recorded attempt outcome into alert rows, inside the transaction that records the outcome:
/// an outcome and its alerts are committed together or not at all, so an alert is never lost to a crash
/// between the two, and an outcome that is not written (lost lease) raises nothing. The webhook's
/// failure streak is kept in its delivery state row, which the update locks, so concurrent outcomes of
/// one webhook count one after the other.
/// </summary>
internal static class AlertTriggers
{
    /// <summary>Updates the webhook's failure streak for <paramref name="attempt"/> and queues the alerts it raises. Returns how many were queued.</summary>
    public static Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FinishedAttempt attempt, CancellationToken cancellationToken) =>
        attempt.Status switch
        {
            ExecutionStatus.Success => RecoverAsync(connection, transaction, attempt, cancellationToken),
            ExecutionStatus.Retrying or ExecutionStatus.Failed => FailAsync(connection, transaction, attempt, cancellationToken),
            // A skip sends nothing: it neither extends nor breaks a streak.
            _ => Task.FromResult(0),
        };

    private static async Task<int> FailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FinishedAttempt attempt, CancellationToken cancellationToken)
    {
        Guid streakStart;
        int streak, threshold, failedOccurrences, pauseAfter;
        bool raised, hasUrl;
        // The streak lives in the webhook's delivery state (created at its first failure); the alert settings are
        // read from the webhook without locking it. No row comes back when the webhook was deleted: nobody to tell.
        await using (var count = new NpgsqlCommand("""
            INSERT INTO webhook_delivery_state AS s (webhook_id, failure_streak, failure_streak_started_by, failing_alert_raised, failed_occurrence_streak)
            SELECT w.id, 1, @execution_id, false, CASE WHEN @final THEN 1 ELSE 0 END FROM webhooks w WHERE w.id = @webhook_id
            ON CONFLICT (webhook_id) DO UPDATE
            SET failure_streak = s.failure_streak + 1, failure_streak_started_by = coalesce(s.failure_streak_started_by, @execution_id),
                failed_occurrence_streak = s.failed_occurrence_streak + CASE WHEN @final THEN 1 ELSE 0 END
            RETURNING failure_streak, failure_streak_started_by,
                      coalesce((SELECT alert_consecutive_failures FROM webhooks WHERE id = @webhook_id), 0), failing_alert_raised,
                      coalesce((SELECT alert_url IS NOT NULL FROM webhooks WHERE id = @webhook_id), false),
                      failed_occurrence_streak, coalesce((SELECT pause_after_failures FROM webhooks WHERE id = @webhook_id), 0)
            """, connection, transaction))
        {
            count.Parameters.AddWithValue("webhook_id", attempt.WebhookId);
            count.Parameters.AddWithValue("execution_id", attempt.ExecutionId);
            count.Parameters.AddWithValue("final", attempt.Status == ExecutionStatus.Failed);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return 0; // the webhook was deleted: nobody to tell
            (streak, streakStart, threshold, raised, hasUrl) =
                (reader.GetInt32(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetBoolean(4));
            (failedOccurrences, pauseAfter) = (reader.GetInt32(5), reader.GetInt32(6));
        }
        var queued = 0;
        if (attempt.Status == ExecutionStatus.Failed && FailurePause.IsDue(pauseAfter, failedOccurrences))
            queued += await FailurePause.PauseAsync(connection, transaction, attempt, failedOccurrences, cancellationToken);
        if (!hasUrl)
            return queued;

        if (attempt.Status == ExecutionStatus.Failed)
            queued += await InsertAsync(connection, transaction, AlertKinds.OccurrenceFailed, attempt.ExecutionId, attempt, streak, cancellationToken);
        // ">=", not "==": a streak already longer than N when the URL was set (or N lowered) still alerts, once.
        if (streak >= threshold && !raised)
        {
            queued += await InsertAsync(connection, transaction, AlertKinds.WebhookFailing, streakStart, attempt, streak, cancellationToken);
            await using var mark = new NpgsqlCommand("UPDATE webhook_delivery_state SET failing_alert_raised = true WHERE webhook_id = @webhook_id", connection, transaction);
            mark.Parameters.AddWithValue("webhook_id", attempt.WebhookId);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        return queued;
    }

    private static async Task<int> RecoverAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FinishedAttempt attempt, CancellationToken cancellationToken)
    {
        // Only a webhook that was failing is written: a success after a success (the usual case) touches nothing.
        await using var reset = new NpgsqlCommand("""
            UPDATE webhook_delivery_state s
            SET failure_streak = 0, failure_streak_started_by = NULL, failing_alert_raised = false, failed_occurrence_streak = 0
            FROM (SELECT webhook_id, failure_streak, failure_streak_started_by, failing_alert_raised
                  FROM webhook_delivery_state WHERE webhook_id = @webhook_id FOR UPDATE) old
            WHERE s.webhook_id = old.webhook_id AND old.failure_streak > 0
            RETURNING old.failure_streak, old.failure_streak_started_by, old.failing_alert_raised,
                      coalesce((SELECT alert_url IS NOT NULL FROM webhooks WHERE id = s.webhook_id), false)
            """, connection, transaction);
        reset.Parameters.AddWithValue("webhook_id", attempt.WebhookId);
        int streak;
        Guid streakStart;
        await using (var reader = await reset.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return 0;
            // Recovered only from a streak that was alerted about: a failure or two below N was never news.
            if (!reader.GetBoolean(2) || !reader.GetBoolean(3))
                return 0;
            (streak, streakStart) = (reader.GetInt32(0), reader.GetGuid(1));
        }
        return await InsertAsync(connection, transaction, AlertKinds.WebhookRecovered, streakStart, attempt, streak, cancellationToken);
    }

    private static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, Guid eventKey,
        FinishedAttempt attempt, int streak, CancellationToken cancellationToken)
    {
        // ON CONFLICT: the same event queued twice is one alert (and so one send).
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                error_kind, response_code, consecutive_failures, occurred_at, created_at, due_at, attempts)
            VALUES (@id, @webhook_id, @owner_id, @kind, @event_key, '{nameof(AlertStatus.Pending)}', @execution_id, @scheduled_for, @attempt,
                    @error_kind, @response_code, @streak, coalesce(@occurred_at, now()), now(), now(), 0)
            ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("webhook_id", attempt.WebhookId);
        insert.Parameters.AddWithValue("owner_id", attempt.OwnerId);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("event_key", eventKey);
        insert.Parameters.AddWithValue("execution_id", attempt.ExecutionId);
        insert.Parameters.AddWithValue("scheduled_for", attempt.ScheduledFor);
        insert.Parameters.AddWithValue("attempt", attempt.AttemptNumber);
        insert.Parameters.AddWithValue("error_kind", NpgsqlDbType.Varchar, (object?)attempt.ErrorKind ?? DBNull.Value);
        insert.Parameters.AddWithValue("response_code", NpgsqlDbType.Integer, (object?)attempt.ResponseCode ?? DBNull.Value);
        insert.Parameters.AddWithValue("streak", streak);
        insert.Parameters.AddWithValue("occurred_at", NpgsqlDbType.TimestampTz, (object?)attempt.ExecutedAt ?? DBNull.Value);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
