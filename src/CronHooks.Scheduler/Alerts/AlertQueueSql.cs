using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// The alerts table as a queue, like the delivery queue: claimed with SKIP LOCKED under a lease, results
/// guarded by the lease token, times judged by the database's clock.
/// </summary>
public sealed class AlertQueueSql(NpgsqlDataSource dataSource)
{
    // A claim moves due_at to the lease's end: a Sending row whose node died becomes due again by itself,
    // and the one partial index serves both cases.
    private const string ClaimSql = $"""
        WITH claimable AS (
            SELECT id FROM alerts
            WHERE status IN ('{nameof(AlertStatus.Pending)}', '{nameof(AlertStatus.Sending)}') AND due_at <= now()
            ORDER BY due_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        UPDATE alerts a
        SET status = '{nameof(AlertStatus.Sending)}', lease_owner = @node, lease_token = gen_random_uuid(), attempts = a.attempts + 1,
            due_at = now() + @lease
        FROM claimable c
        WHERE a.id = c.id
        RETURNING a.id, a.webhook_id, a.kind, a.execution_id, a.scheduled_for, a.attempt_number, a.error_kind, a.response_code,
                  a.consecutive_failures, a.occurred_at, a.attempts, a.lease_token,
                  a.details::text, a.missed_occurrences
        """;

    /// <summary>Claims up to <paramref name="limit"/> due alerts (and alerts whose lease ran out) for <paramref name="node"/>.</summary>
    public async Task<IReadOnlyList<ClaimedAlert>> ClaimAsync(string node, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("lease", lease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ClaimedAlert>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedAlert(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt32(10), reader.GetGuid(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetInt32(13)));
        }
        return claimed;
    }

    /// <summary>Writes how a send went. Returns false when the lease was lost: then nothing is written.</summary>
    public async Task<bool> RecordAsync(ClaimedAlert alert, AlertOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE alerts
            SET status = @status, lease_token = NULL,
                due_at = CASE WHEN @status = '{nameof(AlertStatus.Pending)}' THEN now() + @delay ELSE due_at END,
                sent_at = CASE WHEN @status = '{nameof(AlertStatus.Sent)}' THEN now() ELSE sent_at END,
                last_response_code = @response_code, last_error_kind = @error_kind, last_error_message = @error_message
            WHERE id = @id AND status = '{nameof(AlertStatus.Sending)}' AND lease_token = @token
            """);
        command.Parameters.AddWithValue("id", alert.Id);
        command.Parameters.AddWithValue("token", alert.LeaseToken);
        command.Parameters.AddWithValue("status", outcome.Status.ToString());
        command.Parameters.AddWithValue("delay", outcome.RetryDelay ?? TimeSpan.Zero);
        command.Parameters.AddWithValue("response_code", NpgsqlDbType.Integer, (object?)outcome.ResponseCode ?? DBNull.Value);
        command.Parameters.AddWithValue("error_kind", NpgsqlDbType.Varchar, (object?)outcome.ErrorKind ?? DBNull.Value);
        command.Parameters.AddWithValue("error_message", NpgsqlDbType.Varchar,
            (object?)Execution.CutErrorMessage(outcome.ErrorMessage) ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>How long until the next alert is due or a lease runs out (null: the queue is empty).</summary>
    public async Task<TimeSpan?> TimeUntilNextAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT min(due_at) - now() FROM alerts WHERE status IN ('{nameof(AlertStatus.Pending)}', '{nameof(AlertStatus.Sending)}')");
        return await command.ExecuteScalarAsync(cancellationToken) is TimeSpan wait ? wait : null;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> finished alerts older than <paramref name="age"/>.</summary>
    public async Task<int> DeleteFinishedAsync(TimeSpan age, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            DELETE FROM alerts WHERE id IN (
                SELECT id FROM alerts
                WHERE status IN ('{nameof(AlertStatus.Sent)}', '{nameof(AlertStatus.Failed)}', '{nameof(AlertStatus.Dropped)}') AND created_at < now() - @age
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            """);
        command.Parameters.AddWithValue("age", age);
        command.Parameters.AddWithValue("batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
