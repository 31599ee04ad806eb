using Npgsql;

namespace CronHooks.TestSupport;

/// <summary>
/// Writes attempts straight into the database where the engine keeps them: pending and running ones in the
/// queue (execution_queue), finished ones in the history (executions) and, when they have finished, as their
/// webhook's last outcome — with exactly the values a test needs.
/// </summary>
public static class AttemptRows
{
    /// <summary>One attempt; columns left null are left out (or take the history's defaults).</summary>
    public sealed record Row(
        Guid WebhookId,
        Guid OwnerId,
        string Status,
        DateTimeOffset ScheduledFor,
        DateTimeOffset CreatedAt,
        int Attempt = 1,
        DateTimeOffset? DueAt = null,
        DateTimeOffset? ExecutedAt = null,
        DateTimeOffset? FinishedAt = null,
        int? DurationMs = null,
        int? ResponseCode = null,
        string? ErrorKind = null,
        string? Trigger = null)
    {
        public Guid Id { get; init; } = Guid.CreateVersion7();
    }

    /// <summary>Inserts <paramref name="row"/> (into the run's test database unless <paramref name="connectionString"/> names another) and returns its id.</summary>
    public static async Task<Guid> InsertAsync(Row row, string? connectionString = null)
    {
        var database = connectionString ?? TestDatabase.ConnectionString;
        var trigger = row.Trigger ?? (row.Attempt == 1 ? "Schedule" : "Retry");
        var due = row.DueAt ?? row.ScheduledFor;
        if (row.Status is "Pending" or "Running")
        {
            var running = row.Status == "Running";
            await ExecuteAsync(database,
                """
                INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at,
                                             lease_owner, lease_expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """,
                row.Id, row.WebhookId, row.OwnerId, row.ScheduledFor, row.Attempt, trigger, due, row.CreatedAt,
                running ? "test-node" : DBNull.Value, running ? DateTimeOffset.UtcNow.AddHours(1) : DBNull.Value);
            return row.Id;
        }
        await ExecuteAsync(database,
            """
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at,
                                    executed_at, finished_at, duration_ms, response_code, error_kind, response_truncated, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, false, $14)
            """,
            row.Id, row.WebhookId, row.OwnerId, row.Status, row.Attempt, trigger, row.ScheduledFor, due,
            (object?)row.ExecutedAt ?? DBNull.Value, (object?)row.FinishedAt ?? DBNull.Value, (object?)row.DurationMs ?? DBNull.Value,
            (object?)row.ResponseCode ?? DBNull.Value, (object?)row.ErrorKind ?? DBNull.Value, row.CreatedAt);
        if (row.FinishedAt is { } finishedAt)
        {
            // As the engine does when it records an outcome: the webhook's delivery state keeps its newest one.
            await ExecuteAsync(database,
                """
                INSERT INTO webhook_delivery_state AS s (webhook_id, failure_streak, failing_alert_raised, last_outcome_id, last_outcome_status,
                                                         last_outcome_response_code, last_outcome_error_kind, last_outcome_finished_at)
                VALUES ($1, 0, false, $2, $3, $4, $5, $6)
                ON CONFLICT (webhook_id) DO UPDATE
                SET last_outcome_id = excluded.last_outcome_id, last_outcome_status = excluded.last_outcome_status,
                    last_outcome_response_code = excluded.last_outcome_response_code,
                    last_outcome_error_kind = excluded.last_outcome_error_kind, last_outcome_finished_at = excluded.last_outcome_finished_at
                WHERE s.last_outcome_finished_at IS NULL OR s.last_outcome_finished_at <= excluded.last_outcome_finished_at
                """,
                row.WebhookId, row.Id, row.Status, (object?)row.ResponseCode ?? DBNull.Value, (object?)row.ErrorKind ?? DBNull.Value, finishedAt);
        }
        return row.Id;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }
}
