using CronHooks.Domain.Audit;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Pausing;

/// <summary>An owner-paused webhook as the sweep needs it.</summary>
public sealed record PausedWebhook(
    Guid Id, Guid OwnerId, ScheduleType ScheduleType, string? CronExpression, string TimeZone, DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset RecordedThrough, DateTimeOffset? PausedUntil, string? Note);

/// <summary>
/// The database side of an owner's pause. Every statement is safe on several nodes at once: the resume and the mark
/// are conditional updates (the second node finds the row changed and does nothing), and queue rows are unique per
/// occurrence and attempt.
/// </summary>
public sealed class PausedWebhooks(NpgsqlDataSource dataSource)
{
    private const string Owner = nameof(PausedBy.Owner);

    /// <summary>The history's error kind for a paused occurrence (DeliveryErrorKinds.Paused).</summary>
    private const string PausedKind = Infrastructure.Delivery.DeliveryErrorKinds.Paused;

    /// <summary>Resumes the owner-paused webhooks whose pausedUntil has come, with an audit entry (actor system) each.</summary>
    /// <returns>How many were resumed by this call.</returns>
    public async Task<int> ResumeDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($$"""
            WITH resumed AS (
                UPDATE webhooks w
                SET is_active = true, paused_by = NULL, pause_note = NULL, paused_at = NULL, paused_until = NULL, resumed_at = $1, updated_at = $1
                FROM (SELECT id, paused_until, pause_note FROM webhooks
                      WHERE paused_by = '{{Owner}}' AND NOT is_active AND paused_until <= $1 FOR UPDATE SKIP LOCKED) old
                WHERE w.id = old.id
                RETURNING w.id, w.owner_id, w.schedule_key, old.paused_until, old.pause_note
            ), armed AS (
                INSERT INTO schedule_outbox (schedule_key, created_at) SELECT DISTINCT schedule_key, $1 FROM resumed
            ), audited AS (
                INSERT INTO audit_log (at, entity_type, entity_id, owner_id, actor_kind, action, changes)
                SELECT $1, '{{AuditEntityTypes.Webhook}}', r.id::text, r.owner_id, '{{nameof(AuditActorKind.System)}}', 'ResumeAtPausedUntil',
                       jsonb_build_object('isActive', jsonb_build_object('from', false, 'to', true),
                                          'pausedBy', jsonb_build_object('from', 'owner', 'to', null),
                                          'pauseNote', jsonb_build_object('from', r.pause_note, 'to', null),
                                          'pausedUntil', jsonb_build_object('from', r.paused_until, 'to', null),
                                          'resumedAt', jsonb_build_object('from', null, 'to', $1))
                FROM resumed r
            )
            SELECT count(*) FROM resumed
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The owner-paused webhooks with occurrences possibly not yet recorded.</summary>
    public async Task<IReadOnlyList<PausedWebhook>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, owner_id, schedule_type, cron_expression, time_zone, scheduled_at, starts_at, ends_at,
                   greatest(paused_at, pause_recorded_through), paused_until, pause_note
            FROM webhooks
            WHERE paused_by = '{Owner}' AND NOT is_active AND completed_at IS NULL AND paused_at IS NOT NULL
              AND greatest(paused_at, pause_recorded_through) < $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        var list = new List<PausedWebhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new PausedWebhook(
                reader.GetGuid(0), reader.GetGuid(1), Enum.Parse<ScheduleType>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                Instant(reader, 5), Instant(reader, 6), Instant(reader, 7), Instant(reader, 8)!.Value, Instant(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        return list;
    }

    /// <summary>
    /// Moves the webhook's mark from <paramref name="from"/> to <paramref name="through"/> and records each of
    /// <paramref name="occurrences"/> in the history, skipped with kind <c>paused</c> (directly: there is nothing to send,
    /// and it must not depend on whether the pause has ended by the time a node would claim it). Nothing when another node
    /// moved the mark first or the pause ended meanwhile; an occurrence already queued (before the pause) or recorded is
    /// left to its own row. A one-time webhook whose instant is recorded is completed, as the clock would have done.
    /// </summary>
    /// <returns>How many occurrences were recorded now.</returns>
    public async Task<int> RecordAsync(PausedWebhook webhook, DateTimeOffset from, DateTimeOffset through,
        IReadOnlyList<DateTimeOffset> occurrences, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($$"""
            WITH marked AS (
                UPDATE webhooks
                SET pause_recorded_through = $3,
                    completed_at = CASE WHEN schedule_type = '{{nameof(ScheduleType.Once)}}' AND cardinality($4::timestamptz[]) > 0 THEN $5 ELSE completed_at END
                WHERE id = $1 AND paused_by = '{{Owner}}' AND NOT is_active AND greatest(paused_at, pause_recorded_through) = $2
                RETURNING id, owner_id
            ), recorded AS (
                INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated,
                                        error_kind, error_message, created_at, finished_at)
                SELECT {{AttemptIds.NewSql}}, m.id, m.owner_id, '{{nameof(ExecutionStatus.Skipped)}}', 1, '{{nameof(ExecutionTrigger.Schedule)}}', o, o, false,
                       '{{PausedKind}}', $6, $5, $5
                FROM marked m CROSS JOIN unnest($4::timestamptz[]) AS o
                WHERE NOT EXISTS (SELECT 1 FROM execution_queue q WHERE q.webhook_id = m.id AND q.scheduled_for = o AND q.attempt_number = 1)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM recorded
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = through.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = occurrences.Select(o => o.UtcDateTime).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static DateTimeOffset? Instant(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
