using System.Text.Json;
using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The executions table as a queue, in plain SQL on the shared data source (the hot path needs
/// SKIP LOCKED, window functions and conditional writes that EF would only wrap). Queue times (due,
/// leases) are judged by the database's clock, so nodes with skewed clocks still agree on them.
/// </summary>
public sealed class ExecutionQueueSql(NpgsqlDataSource dataSource, AlertSignal? alerts = null)
{
    // Fair claiming, in one statement, at a cost that follows the batch and the number of owners with due
    // work, never the size of the due backlog (numbering the whole backlog made a 10,000-row burst drain in
    // quadratic time; see docs/PERFORMANCE.md):
    // - owners: each owner with due work once, found by a loose index scan (one index probe per owner) over
    //   ix_executions_queue_owner_due;
    // - running: what each owner already has in flight anywhere in the cluster;
    // - fair: per owner, only its oldest rows up to its free in-flight slots, read from the same index and
    //   locked there (rows another node is claiming right now are skipped; locking them here, not after a
    //   join, keeps the plan on the index when statistics lag behind a burst); never more than the claim can
    //   take, or a one-owner queue is locked whole and a node claiming at the same moment finds nothing;
    // - claimable: owners take turns (everyone's first row before anyone's second), and the lease
    //   outlasts the webhook's own timeout. Locked rows left out by the limit are free again at commit.
    private const string ClaimSql = """
        WITH RECURSIVE owners AS (
            (SELECT owner_id FROM executions
             WHERE status = 'Pending' AND due_at <= now() ORDER BY owner_id LIMIT 1)
            UNION ALL
            SELECT (SELECT e.owner_id FROM executions e
                    WHERE e.status = 'Pending' AND e.due_at <= now() AND e.owner_id > o.owner_id
                    ORDER BY e.owner_id LIMIT 1)
            FROM owners o WHERE o.owner_id IS NOT NULL
        ), running AS (
            SELECT owner_id, count(*) AS n FROM executions
            WHERE status = 'Running' AND lease_expires_at > now()
            GROUP BY owner_id
        ), fair AS (
            SELECT d.id, d.due_at, row_number() OVER (PARTITION BY o.owner_id ORDER BY d.due_at, d.id) AS turn
            FROM owners o
            LEFT JOIN running r ON r.owner_id = o.owner_id
            CROSS JOIN LATERAL (
                SELECT e.id, e.due_at FROM executions e
                WHERE e.status = 'Pending' AND e.owner_id = o.owner_id AND e.due_at <= now()
                ORDER BY e.due_at, e.id
                LIMIT greatest(least(@per_owner - coalesce(r.n, 0), @limit), 0)
                FOR UPDATE SKIP LOCKED
            ) d
            WHERE o.owner_id IS NOT NULL
        ), claimable AS (
            SELECT id FROM fair
            ORDER BY turn, due_at, id
            LIMIT @limit
        )
        -- By primary key from an array, not a join: a join is planned from statistics that lag behind a burst
        -- (a hash join over the whole table was seen).
        UPDATE executions e
        SET status = 'Running', lease_owner = @node,
            lease_expires_at = now() + make_interval(secs =>
                coalesce((SELECT w.timeout_seconds FROM webhooks w WHERE w.id = e.webhook_id), 0) + @margin_seconds)
        WHERE e.id = ANY (ARRAY(SELECT id FROM claimable))
        RETURNING e.id, e.webhook_id, e.owner_id, e.attempt_number, e.trigger, e.scheduled_for, e.due_at, e.lease_expires_at
        """;

    /// <summary>Claims up to <paramref name="limit"/> due attempts for <paramref name="node"/>; committed on return.</summary>
    public async Task<IReadOnlyList<ClaimedAttempt>> ClaimAsync(string node, int limit, int perOwner, TimeSpan leaseMargin, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("per_owner", (long)perOwner);
        command.Parameters.AddWithValue("margin_seconds", leaseMargin.TotalSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ClaimedAttempt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedAttempt(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetInt32(3),
                Enum.Parse<ExecutionTrigger>(reader.GetString(4)),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetDateTime(7)));
        }
        return claimed;
    }

    /// <summary>
    /// Puts attempts whose lease ran out (their node died or froze) back in the queue; they keep their
    /// due time, so they are claimed first. Returns the nodes that lost them, for the log.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, string? Node)>> RequeueExpiredAsync(CancellationToken cancellationToken)
    {
        // By primary key from an array, like the claim: as a join this was once planned, from statistics taken
        // before a burst, as a sequential scan per expired row: seconds per call, in the middle of the burst.
        await using var command = dataSource.CreateCommand("""
            WITH old AS MATERIALIZED (
                SELECT id, lease_owner FROM executions
                WHERE status = 'Running' AND lease_expires_at < now()
                FOR UPDATE SKIP LOCKED
            ), requeued AS (
                UPDATE executions SET status = 'Pending', lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ANY (ARRAY(SELECT id FROM old))
                RETURNING id
            )
            SELECT old.id, old.lease_owner FROM old JOIN requeued USING (id)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var requeued = new List<(Guid, string?)>();
        while (await reader.ReadAsync(cancellationToken))
            requeued.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return requeued;
    }

    /// <summary>
    /// How long until the next attempt is due or the next lease runs out (null: nothing scheduled). Zero or
    /// less when an attempt became due within the last second and is still pending: a claim made a moment
    /// before it was due (a timer firing a hair early against the database's clock) found nothing, and without
    /// this the loop slept until the next notification — seen as whole batches half a second late.
    /// </summary>
    public async Task<TimeSpan?> TimeUntilNextWorkAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT least(
                (SELECT min(due_at) FROM executions WHERE status = 'Pending' AND due_at > now() - interval '1 second'),
                (SELECT min(lease_expires_at) FROM executions WHERE status = 'Running')) - now()
            """);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is TimeSpan wait ? wait : null;
    }

    /// <summary>
    /// Writes an attempt's outcome, and in the same transaction queues the next attempt (when the
    /// outcome is <see cref="ExecutionStatus.Retrying"/>), the failure alerts it raises, and stamps the
    /// webhook's last execution.
    /// Returns false when the claim was lost: then nothing is written.
    /// </summary>
    public async Task<bool> RecordAsync(string node, ClaimedAttempt claim, AttemptOutcome outcome, CancellationToken cancellationToken) =>
        (await RecordAllAsync(node, [new RecordedOutcome(claim, outcome)], cancellationToken))[0];

    /// <summary>
    /// <see cref="RecordAsync"/> for several outcomes in one transaction: one connection and one commit (one WAL
    /// flush) for the group instead of one each. All are written or none (an exception). Returns, per outcome in
    /// the order given, whether it was written (false: its claim was lost).
    /// </summary>
    public async Task<bool[]> RecordAllAsync(string node, IReadOnlyList<RecordedOutcome> outcomes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = new bool[outcomes.Count];
        var alertsQueued = 0;
        // Webhook rows are locked in one order (the streak and the last-execution stamp), so two nodes writing
        // groups that share webhooks wait for each other instead of deadlocking.
        foreach (var i in Enumerable.Range(0, outcomes.Count).OrderBy(i => outcomes[i].Claim.WebhookId))
        {
            var (claim, outcome) = outcomes[i];
            (written[i], var queued) = await RecordInAsync(connection, transaction, node, claim, outcome, cancellationToken);
            alertsQueued += queued;
        }
        await transaction.CommitAsync(cancellationToken);
        if (alertsQueued > 0)
            alerts?.Set();
        return written;
    }

    private static async Task<(bool Written, int AlertsQueued)> RecordInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string node, ClaimedAttempt claim, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand("""
            UPDATE executions
            SET status = @status, executed_at = @executed_at, duration_ms = @duration_ms, response_code = @response_code,
                response_body = @response_body, response_truncated = @response_truncated, error_kind = @error_kind,
                error_message = @error_message, finished_at = now(), lease_expires_at = NULL,
                request_method = @request_method, request_url = @request_url, request_headers = @request_headers,
                request_body = @request_body
            WHERE id = @id AND status = 'Running' AND lease_owner = @node AND lease_expires_at = @lease
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("id", claim.Id);
            update.Parameters.AddWithValue("node", node);
            update.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, claim.LeaseExpiresAt);
            update.Parameters.AddWithValue("status", outcome.Status.ToString());
            update.Parameters.AddWithValue("executed_at", NpgsqlDbType.TimestampTz, (object?)outcome.ExecutedAt ?? DBNull.Value);
            update.Parameters.AddWithValue("duration_ms", NpgsqlDbType.Integer, (object?)outcome.DurationMs ?? DBNull.Value);
            update.Parameters.AddWithValue("response_code", NpgsqlDbType.Integer, (object?)outcome.ResponseCode ?? DBNull.Value);
            update.Parameters.AddWithValue("response_body", NpgsqlDbType.Text, (object?)outcome.ResponseBody ?? DBNull.Value);
            update.Parameters.AddWithValue("response_truncated", outcome.ResponseTruncated);
            update.Parameters.AddWithValue("error_kind", NpgsqlDbType.Varchar, (object?)outcome.ErrorKind ?? DBNull.Value);
            update.Parameters.AddWithValue("error_message", NpgsqlDbType.Varchar, (object?)Truncate(outcome.ErrorMessage, 2048) ?? DBNull.Value);
            update.Parameters.AddWithValue("request_method", NpgsqlDbType.Text, (object?)outcome.Request?.Method ?? DBNull.Value);
            update.Parameters.AddWithValue("request_url", NpgsqlDbType.Text, (object?)outcome.Request?.Url ?? DBNull.Value);
            update.Parameters.AddWithValue("request_headers", NpgsqlDbType.Jsonb,
                outcome.Request is { } sent ? JsonSerializer.Serialize(sent.Headers) : (object)DBNull.Value);
            update.Parameters.AddWithValue("request_body", NpgsqlDbType.Text, (object?)outcome.Request?.Body ?? DBNull.Value);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                return (false, 0);
        }

        if (outcome.Status == ExecutionStatus.Retrying)
        {
            // ON CONFLICT: if this outcome is written twice (a commit whose acknowledgement was lost),
            // the next attempt still exists once.
            await using var retry = new NpgsqlCommand("""
                INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at)
                VALUES (@id, @webhook_id, @owner_id, 'Pending', @attempt, 'Retry', @scheduled_for, now() + @delay, false, now())
                ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
                """, connection, transaction);
            retry.Parameters.AddWithValue("id", Guid.CreateVersion7());
            retry.Parameters.AddWithValue("webhook_id", claim.WebhookId);
            retry.Parameters.AddWithValue("owner_id", claim.OwnerId);
            retry.Parameters.AddWithValue("attempt", claim.AttemptNumber + 1);
            retry.Parameters.AddWithValue("scheduled_for", claim.ScheduledFor);
            retry.Parameters.AddWithValue("delay", outcome.RetryDelay ?? TimeSpan.Zero);
            await retry.ExecuteNonQueryAsync(cancellationToken);
        }

        var alertsQueued = await AlertTriggers.QueueAsync(connection, transaction, claim, outcome, cancellationToken);

        if (outcome.ExecutedAt is { } executedAt)
        {
            await using var stamp = new NpgsqlCommand("""
                UPDATE webhooks SET last_execution_at = @executed_at
                WHERE id = @id AND (last_execution_at IS NULL OR last_execution_at < @executed_at)
                """, connection, transaction);
            stamp.Parameters.AddWithValue("id", claim.WebhookId);
            stamp.Parameters.AddWithValue("executed_at", executedAt);
            await stamp.ExecuteNonQueryAsync(cancellationToken);
        }

        return (true, alertsQueued);
    }

    /// <summary>Gives an unfinished attempt back to the queue (shutdown); it will be sent again, with the same webhook-id.</summary>
    public async Task<bool> ReleaseAsync(string node, ClaimedAttempt claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE executions SET status = 'Pending', lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND status = 'Running' AND lease_owner = @node AND lease_expires_at = @lease
            """);
        command.Parameters.AddWithValue("id", claim.Id);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, claim.LeaseExpiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> finished attempts older than <paramref name="age"/>.</summary>
    public async Task<int> DeleteFinishedAsync(TimeSpan age, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM executions WHERE id IN (
                SELECT id FROM executions
                WHERE status IN ('Success', 'Failed', 'Retrying', 'Skipped') AND finished_at < now() - @age
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            """);
        command.Parameters.AddWithValue("age", age);
        command.Parameters.AddWithValue("batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
