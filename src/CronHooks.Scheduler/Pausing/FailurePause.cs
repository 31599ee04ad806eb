using System.Globalization;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Audit;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Pausing;

/// <summary>
/// <c>pauseAfterFailures</c>: when a webhook's failed occurrences in a row reach its setting, it pauses itself (an
/// owner's pause, which its owner resumes) with a note saying why, and a <c>webhook.paused</c> alert is queued — in the
/// transaction that records the failure. Called only at the threshold, so it costs nothing before.
/// </summary>
internal static class FailurePause
{
    /// <summary>Whether <paramref name="failedOccurrences"/> in a row reach a setting of <paramref name="pauseAfter"/> (0 = never).</summary>
    public static bool IsDue(int pauseAfter, int failedOccurrences) => pauseAfter > 0 && failedOccurrences >= pauseAfter;

    /// <summary>Pauses the webhook if it is still active; returns the alerts queued (0 or 1).</summary>
    public static async Task<int> PauseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FinishedAttempt attempt,
        int failedOccurrences, CancellationToken cancellationToken)
    {
        var note = WebhookPausing.FailuresNote(failedOccurrences, LastError(attempt));
        if (note.Length > Webhook.MaxPauseNoteLength)
            note = note[..Webhook.MaxPauseNoteLength];
        // The streak starts again at 0: once resumed, the webhook gets its N tries again.
        await using var pause = new NpgsqlCommand($$"""
            WITH paused AS (
                UPDATE webhooks
                SET is_active = false, paused_by = '{{nameof(PausedBy.Owner)}}', pause_note = @note, paused_at = now(), paused_until = NULL,
                    updated_at = now()
                WHERE id = @webhook_id AND is_active AND paused_by IS NULL
                RETURNING id, owner_id, schedule_key, alert_url IS NOT NULL AS has_url
            ), armed AS (
                INSERT INTO schedule_outbox (schedule_key, created_at) SELECT schedule_key, now() FROM paused
            ), audited AS (
                INSERT INTO audit_log (at, entity_type, entity_id, owner_id, actor_kind, action, changes)
                SELECT now(), '{{AuditEntityTypes.Webhook}}', p.id::text, p.owner_id, '{{nameof(AuditActorKind.System)}}', 'PauseAfterFailures',
                       jsonb_build_object('isActive', jsonb_build_object('from', true, 'to', false),
                                          'pausedBy', jsonb_build_object('from', null, 'to', 'owner'),
                                          'pauseNote', jsonb_build_object('from', null, 'to', @note))
                FROM paused p
            ), reset AS (
                UPDATE webhook_delivery_state SET failed_occurrence_streak = 0
                WHERE webhook_id = @webhook_id AND EXISTS (SELECT 1 FROM paused)
            ), alerted AS (
                INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                    error_kind, response_code, consecutive_failures, occurred_at, created_at, due_at, attempts)
                SELECT @alert_id, p.id, p.owner_id, '{{AlertKinds.WebhookPaused}}', @execution_id, '{{nameof(AlertStatus.Pending)}}', @execution_id,
                       @scheduled_for, @attempt, @error_kind, @response_code, @streak, coalesce(@occurred_at, now()), now(), now(), 0
                FROM paused p
                WHERE p.has_url
                ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM alerted
            """, connection, transaction);
        pause.Parameters.AddWithValue("webhook_id", attempt.WebhookId);
        pause.Parameters.AddWithValue("note", note);
        pause.Parameters.AddWithValue("alert_id", Guid.CreateVersion7());
        pause.Parameters.AddWithValue("execution_id", attempt.ExecutionId);
        pause.Parameters.AddWithValue("scheduled_for", attempt.ScheduledFor);
        pause.Parameters.AddWithValue("attempt", attempt.AttemptNumber);
        pause.Parameters.AddWithValue("error_kind", NpgsqlDbType.Varchar, (object?)attempt.ErrorKind ?? DBNull.Value);
        pause.Parameters.AddWithValue("response_code", NpgsqlDbType.Integer, (object?)attempt.ResponseCode ?? DBNull.Value);
        pause.Parameters.AddWithValue("streak", failedOccurrences);
        pause.Parameters.AddWithValue("occurred_at", NpgsqlDbType.TimestampTz, (object?)attempt.ExecutedAt ?? DBNull.Value);
        return (int)(long)(await pause.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string LastError(FinishedAttempt attempt) => (attempt.ErrorKind, attempt.ResponseCode) switch
    {
        (not null, not null) => $"{attempt.ErrorKind} (HTTP {attempt.ResponseCode.Value.ToString(CultureInfo.InvariantCulture)})",
        (not null, null) => attempt.ErrorKind,
        (null, not null) => $"HTTP {attempt.ResponseCode.Value.ToString(CultureInfo.InvariantCulture)}",
        _ => "none recorded",
    };
}
