using System.Text.Json;
using CronHooks.Application.Common;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Infrastructure.Quotas;
using CronHooks.Scheduler.Alerts;
using CronHooks.Scheduler.Callbacks;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Records attempt outcomes: each attempt leaves the queue (only while this node still holds its exact
/// lease) and enters the history, its retry is queued, the webhook's last-execution stamp and failure
/// streak move on, and the alerts it raises are queued — for a whole group of outcomes in one statement
/// and one transaction.
/// </summary>
public sealed class HistoryWriter(NpgsqlDataSource dataSource, AlertSignal alerts, IOptions<QuotaOptions> quotas)
{
    // One statement for the group, set-based over arrays (one element per outcome). Tables are read by key from arrays, never
    // joined to the outcomes row by row: its one generic plan, made while statistics said a table was empty (a vacuum beside a
    // bulk insert counts none of its rows), read that table whole once per outcome: 5-10 s groups (PERFORMANCE.md, round 15).
    // - done: the queue rows this node still leases, deleted; a lost lease leaves its row and writes nothing;
    // - history: their finished rows (ON CONFLICT: an attempt already in the history stays as it was written);
    // - retries: the next attempts, idempotent on (webhook, occurrence, attempt);
    // - locked/updated/created: each webhook's delivery state (never the webhook's row: edits do not conflict with
    //   deliveries), locked in id order so two nodes never deadlock on them: last send, last outcome (the group's
    //   last for that webhook), its history counts (history_counts: the rows written, see HistoryCounts), and a success
    //   ends a failure streak; after an alerted streak it raises webhook.recovered (recovered).
    //   Webhooks with a failure in the group are left to AlertTriggers, outcome by outcome, in order.
    // - counted/host_counted: the attempts sent (a skip sends nothing) added to this node's per-minute counters of each
    //   owner and of each owner's destination host, for the claim's quotas; this node's own rows, so nodes never wait on
    //   each other's counts;
    // - budget/body_counted: once an owner's stored response-body bytes today (all nodes) reach Quotas:ResponseBodyBytesPerOwnerPerDay,
    //   its bodies are kept only up to Quotas:ReducedResponseBodyLength characters and flagged truncated; what is kept is counted.
    private const string RecordSql = $$"""
        WITH input AS (
            SELECT * FROM unnest(@ids, @statuses, @executed_at, @duration_ms, @response_code, @response_body,
                                 @response_truncated, @error_kind, @error_message, @request_method, @request_url,
                                 @request_headers, @request_body, @retry_ids, @retry_delays, @resets) WITH ORDINALITY
                AS i(id, status, executed_at, duration_ms, response_code, response_body, response_truncated, error_kind,
                     error_message, request_method, request_url, request_headers, request_body, retry_id, retry_delay, resets, n)
        ), done AS (
            DELETE FROM execution_queue q
            WHERE q.id = ANY (@ids) AND q.lease_owner = @node AND q.lease_expires_at = (@leases)[array_position(@ids, q.id)]
            RETURNING q.id, q.webhook_id, q.owner_id, q.scheduled_for, q.attempt_number, q.trigger, q.due_at, q.created_at
        ), budget AS (
            SELECT o.owner_id, coalesce(b.bytes, 0) >= @body_quota AS spent
            FROM (SELECT DISTINCT owner_id FROM done) o
            LEFT JOIN (SELECT owner_id, sum(bytes) AS bytes FROM {{QuotaCounters.BodyBytes}}
                       WHERE owner_id = ANY (ARRAY(SELECT owner_id FROM done)) AND day = {{QuotaCounters.Today}}
                       GROUP BY owner_id) b ON b.owner_id = o.owner_id
        ), history AS (
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                    duration_ms, response_code, response_body, response_truncated, error_kind, error_message,
                                    lease_owner, created_at, finished_at, request_method, request_url, request_headers, request_body)
            SELECT d.id, d.webhook_id, d.owner_id, i.status, d.attempt_number, d.trigger, d.scheduled_for, d.due_at, i.executed_at,
                   i.duration_ms, i.response_code,
                   CASE WHEN bu.spent THEN left(i.response_body, @reduced_body) ELSE i.response_body END,
                   i.response_truncated OR (bu.spent AND coalesce(length(i.response_body), 0) > @reduced_body),
                   i.error_kind, i.error_message,
                   @node, d.created_at, now(), i.request_method, i.request_url, i.request_headers::jsonb, i.request_body
            FROM done d JOIN input i ON i.id = d.id JOIN budget bu ON bu.owner_id = d.owner_id
            ON CONFLICT DO NOTHING
            RETURNING webhook_id, status
        ), history_counts AS (
            SELECT webhook_id,
                   count(*) FILTER (WHERE status = '{{nameof(ExecutionStatus.Success)}}') AS success,
                   count(*) FILTER (WHERE status = '{{nameof(ExecutionStatus.Failed)}}') AS failed,
                   count(*) FILTER (WHERE status = '{{nameof(ExecutionStatus.Retrying)}}') AS retrying,
                   count(*) FILTER (WHERE status = '{{nameof(ExecutionStatus.Skipped)}}') AS skipped
            FROM history
            GROUP BY webhook_id
        ), body_counted AS (
            INSERT INTO {{QuotaCounters.BodyBytes}} AS c (owner_id, day, node, bytes)
            SELECT d.owner_id, {{QuotaCounters.Today}}, @node,
                   sum(octet_length(CASE WHEN bu.spent THEN left(i.response_body, @reduced_body) ELSE i.response_body END))
            FROM done d JOIN input i ON i.id = d.id JOIN budget bu ON bu.owner_id = d.owner_id
            WHERE i.response_body IS NOT NULL
            GROUP BY d.owner_id
            ORDER BY d.owner_id
            ON CONFLICT (owner_id, day, node) DO UPDATE SET bytes = c.bytes + excluded.bytes
        ), retries AS (
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT i.retry_id, d.webhook_id, d.owner_id, d.scheduled_for, d.attempt_number + 1, '{{nameof(ExecutionTrigger.Retry)}}', now() + i.retry_delay, now()
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.retry_delay IS NOT NULL
            ON CONFLICT (webhook_id, scheduled_for, attempt_number) DO NOTHING
        ), counted AS (
            INSERT INTO {{QuotaCounters.Attempts}} AS c (owner_id, minute, node, attempts)
            SELECT d.owner_id, date_trunc('minute', now()), @node, count(*)
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.executed_at IS NOT NULL
            GROUP BY d.owner_id
            ORDER BY d.owner_id
            ON CONFLICT (owner_id, minute, node) DO UPDATE SET attempts = c.attempts + excluded.attempts
        ), host_counted AS (
            INSERT INTO {{QuotaCounters.HostAttempts}} AS c (owner_id, host, minute, node, attempts)
            SELECT d.owner_id, {{QuotaCounters.UrlHost}}(i.request_url), date_trunc('minute', now()), @node, count(*)
            FROM done d JOIN input i ON i.id = d.id
            WHERE i.executed_at IS NOT NULL AND i.request_url IS NOT NULL
            GROUP BY 1, 2
            ORDER BY 1, 2
            ON CONFLICT (owner_id, host, minute, node) DO UPDATE SET attempts = c.attempts + excluded.attempts
        ), touched AS (
            SELECT d.webhook_id, max(i.executed_at) AS executed_at,
                   (array_agg(d.id ORDER BY i.executed_at DESC NULLS LAST) FILTER (WHERE i.resets))[1] AS success_id,
                   (array_agg(d.id ORDER BY i.n DESC))[1] AS last_id
            FROM done d JOIN input i ON i.id = d.id
            GROUP BY d.webhook_id
        ), last AS (
            SELECT t.webhook_id, t.executed_at, t.success_id, t.last_id, i.status, i.response_code, i.error_kind
            FROM touched t JOIN input i ON i.id = t.last_id
        ), locked AS (
            SELECT s.webhook_id, s.last_execution_at, s.failure_streak, s.failure_streak_started_by, s.failing_alert_raised
            FROM webhook_delivery_state s
            WHERE s.webhook_id = ANY (@webhook_ids)
            ORDER BY s.webhook_id
            FOR NO KEY UPDATE
        ), updated AS (
            UPDATE webhook_delivery_state s
            SET (last_execution_at, failure_streak, failure_streak_started_by, failing_alert_raised, failed_occurrence_streak,
                 last_outcome_id, last_outcome_status, last_outcome_response_code, last_outcome_error_kind, last_outcome_finished_at,
                 success_count, failed_count, retrying_count, skipped_count) = (
                SELECT greatest(s.last_execution_at, t.executed_at),
                       CASE WHEN t.success_id IS NULL THEN s.failure_streak ELSE 0 END,
                       CASE WHEN t.success_id IS NULL THEN s.failure_streak_started_by END,
                       CASE WHEN t.success_id IS NULL THEN s.failing_alert_raised ELSE false END,
                       CASE WHEN t.success_id IS NULL THEN s.failed_occurrence_streak ELSE 0 END,
                       t.last_id, t.status, t.response_code, t.error_kind, now(),
                       s.success_count + coalesce(c.success, 0), s.failed_count + coalesce(c.failed, 0),
                       s.retrying_count + coalesce(c.retrying, 0), s.skipped_count + coalesce(c.skipped, 0)
                FROM last t LEFT JOIN history_counts c ON c.webhook_id = t.webhook_id
                WHERE t.webhook_id = s.webhook_id)
            WHERE s.webhook_id = ANY (ARRAY(SELECT l.webhook_id FROM locked l JOIN last t ON t.webhook_id = l.webhook_id))
        ), created AS (
            INSERT INTO webhook_delivery_state AS s (webhook_id, last_execution_at, failure_streak, failing_alert_raised, last_outcome_id,
                                                last_outcome_status, last_outcome_response_code, last_outcome_error_kind, last_outcome_finished_at,
                                                success_count, failed_count, retrying_count, skipped_count)
            SELECT t.webhook_id, t.executed_at, 0, false, t.last_id, t.status, t.response_code, t.error_kind, now(),
                   coalesce(c.success, 0), coalesce(c.failed, 0), coalesce(c.retrying, 0), coalesce(c.skipped, 0)
            FROM last t LEFT JOIN history_counts c ON c.webhook_id = t.webhook_id
            WHERE NOT EXISTS (SELECT 1 FROM locked l WHERE l.webhook_id = t.webhook_id)
              AND t.webhook_id = ANY (ARRAY(SELECT w.id FROM webhooks w WHERE w.id = ANY (@webhook_ids)))
            ORDER BY t.webhook_id
            ON CONFLICT (webhook_id) DO UPDATE
            SET success_count = s.success_count + excluded.success_count, failed_count = s.failed_count + excluded.failed_count,
                retrying_count = s.retrying_count + excluded.retrying_count, skipped_count = s.skipped_count + excluded.skipped_count
        ), recovered AS (
            INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                                error_kind, response_code, consecutive_failures, occurred_at, created_at, due_at, attempts)
            SELECT gen_random_uuid(), l.webhook_id, d.owner_id, @recovered_kind, l.failure_streak_started_by, '{{nameof(AlertStatus.Pending)}}', d.id,
                   d.scheduled_for, d.attempt_number, i.error_kind, i.response_code, l.failure_streak,
                   coalesce(i.executed_at, now()), now(), now(), 0
            FROM locked l JOIN touched t ON t.webhook_id = l.webhook_id JOIN done d ON d.id = t.success_id JOIN input i ON i.id = d.id
            WHERE l.failure_streak > 0 AND l.failing_alert_raised
              AND l.webhook_id = ANY (ARRAY(SELECT w.id FROM webhooks w WHERE w.id = ANY (@webhook_ids) AND w.alert_url IS NOT NULL))
            ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
            RETURNING 1
        )
        SELECT d.id, (SELECT count(*) FROM recovered) FROM done d
        """;

    /// <summary>
    /// Writes an attempt's outcome: it leaves the queue for the history, with its retry and alerts, in one transaction.
    /// Returns false when the claim was lost: then nothing is written. True also when an earlier try of this
    /// same write committed but its acknowledgement was lost.
    /// </summary>
    public async Task<bool> RecordAsync(string node, ClaimedAttempt claim, AttemptOutcome outcome, CancellationToken cancellationToken) =>
        (await RecordAllAsync(node, [new RecordedOutcome(claim, outcome)], cancellationToken))[0];

    /// <summary>
    /// <see cref="RecordAsync"/> for several outcomes in one transaction. All are written or none (an exception).
    /// Returns, per outcome in the order given, whether it was written (false: its claim was lost).
    /// </summary>
    public async Task<bool[]> RecordAllAsync(string node, IReadOnlyList<RecordedOutcome> outcomes, CancellationToken cancellationToken)
    {
        var failing = outcomes.Where(o => o.Outcome.Status is ExecutionStatus.Retrying or ExecutionStatus.Failed)
            .Select(o => o.Claim.WebhookId).ToHashSet();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A group with nothing to write after the statement (no failure, no callback: most of them) is the batch's own
        // implicit transaction, committed by PostgreSQL at its end: one round trip, no COMMIT (PERFORMANCE.md, round 16).
        var followedUp = failing.Count > 0 || outcomes.Any(o => o.Outcome.Callbacks != CallbackTargets.None);
        await using var transaction = followedUp ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var writtenIds = new HashSet<Guid>();
        long alertsQueued = 0;
        // Bounded lock waits for the whole transaction, in the same round trip: a frozen node's group holding these
        // webhooks' state rows makes this one fail and retry, not wait for as long as the other node is stuck.
        var record = new NpgsqlBatchCommand(RecordSql);
        AddParameters(record.Parameters, node, outcomes, failing);
        record.Parameters.AddWithValue("body_quota", quotas.Value.ResponseBodyBytesPerOwnerPerDay);
        record.Parameters.AddWithValue("reduced_body", quotas.Value.ReducedResponseBodyLength);
        // The statement counts its history rows with the state rows it writes; the history's count trigger leaves it out.
        // It reaches every row by key, so one generic plan per connection serves every group.
        var settings = new NpgsqlBatchCommand(
            $"{SessionLimits.BoundLockWaitsWithoutJitSql}, {HistoryCounts.MarkNextInsertCounted}, {SessionLimits.KeyedGenericPlanSql}");
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { settings, record, SessionLimits.PlanEachCall() } })
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                writtenIds.Add(reader.GetGuid(0));
                alertsQueued = reader.GetInt64(1);
            }
        }

        var recorded = new HashSet<Guid>(writtenIds);
        if (recorded.Count < outcomes.Count)
            recorded.UnionWith(await AlreadyRecordedAsync(connection, transaction, node, outcomes.Where(o => !recorded.Contains(o.Claim.Id)).ToList(), cancellationToken));

        if (transaction is not null)
        {
            // A webhook that failed in this group counts its streak outcome by outcome, in the order they came.
            foreach (var (claim, outcome) in outcomes
                         .Where(o => failing.Contains(o.Claim.WebhookId) && writtenIds.Contains(o.Claim.Id))
                         .OrderBy(o => o.Claim.WebhookId))
                alertsQueued += await AlertTriggers.QueueAsync(connection, transaction, new FinishedAttempt(claim.Id, claim.WebhookId, claim.OwnerId,
                    claim.ScheduledFor, claim.AttemptNumber, outcome.Status, outcome.ErrorKind, outcome.ResponseCode, outcome.ExecutedAt), cancellationToken);

            // Callbacks ride the alerts queue, in this transaction; no statement at all when none is asked for.
            alertsQueued += await CallbackTriggers.QueueAsync(connection, transaction, outcomes, writtenIds, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
        }
        if (alertsQueued > 0)
            alerts.Set();
        return outcomes.Select(o => recorded.Contains(o.Claim.Id)).ToArray();
    }

    /// <summary>
    /// Of outcomes whose queue row is gone, those this node already wrote: a write tried again after its commit's
    /// acknowledgement was lost finds its own row in the history, and must not be reported as a lost lease.
    /// The same status and send time (or none) tell this attempt's outcome from another claim's.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> AlreadyRecordedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string node, IReadOnlyList<RecordedOutcome> outcomes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.id
            FROM unnest(@ids, @scheduled_for, @statuses, @executed_at) AS m(id, scheduled_for, status, executed_at)
            JOIN executions e ON e.id = m.id AND e.scheduled_for = m.scheduled_for
            WHERE e.lease_owner = @node AND e.status = m.status AND e.executed_at IS NOT DISTINCT FROM m.executed_at
            """, connection, transaction);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("ids", outcomes.Select(o => o.Claim.Id).ToArray());
        command.Parameters.AddWithValue("scheduled_for", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            outcomes.Select(o => o.Claim.ScheduledFor.UtcDateTime).ToArray());
        command.Parameters.AddWithValue("statuses", NpgsqlDbType.Array | NpgsqlDbType.Varchar, outcomes.Select(o => o.Outcome.Status.ToString()).ToArray());
        command.Parameters.AddWithValue("executed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            outcomes.Select(o => o.Outcome.ExecutedAt?.UtcDateTime).ToArray());
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static void AddParameters(NpgsqlParameterCollection p, string node, IReadOnlyList<RecordedOutcome> outcomes, HashSet<Guid> failing)
    {
        var n = outcomes.Count;
        var ids = new Guid[n];
        var leases = new DateTime[n];
        var statuses = new string[n];
        var executedAt = new DateTime?[n];
        var durationMs = new int?[n];
        var responseCode = new int?[n];
        var responseBody = new string?[n];
        var responseTruncated = new bool[n];
        var errorKind = new string?[n];
        var errorMessage = new string?[n];
        var requestMethod = new string?[n];
        var requestUrl = new string?[n];
        var requestHeaders = new string?[n];
        var requestBody = new string?[n];
        var retryIds = new Guid[n];
        var retryDelays = new TimeSpan?[n];
        var resets = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var (claim, outcome) = outcomes[i];
            ids[i] = claim.Id;
            leases[i] = claim.LeaseExpiresAt;
            statuses[i] = outcome.Status.ToString();
            executedAt[i] = outcome.ExecutedAt?.UtcDateTime;
            durationMs[i] = outcome.DurationMs;
            responseCode[i] = outcome.ResponseCode;
            responseBody[i] = outcome.ResponseBody;
            responseTruncated[i] = outcome.ResponseTruncated;
            errorKind[i] = outcome.ErrorKind;
            errorMessage[i] = Execution.CutErrorMessage(outcome.ErrorMessage);
            requestMethod[i] = outcome.Request?.Method;
            requestUrl[i] = outcome.Request?.Url;
            requestHeaders[i] = outcome.Request is { } sent ? JsonSerializer.Serialize(sent.Headers) : null;
            requestBody[i] = outcome.Request?.Body;
            retryIds[i] = Guid.CreateVersion7();
            retryDelays[i] = outcome.Status == ExecutionStatus.Retrying ? outcome.RetryDelay ?? TimeSpan.Zero : null;
            resets[i] = outcome.Status == ExecutionStatus.Success && !failing.Contains(claim.WebhookId);
        }

        p.AddWithValue("node", node);
        p.AddWithValue("recovered_kind", Domain.Alerts.AlertKinds.WebhookRecovered);
        p.AddWithValue("ids", ids);
        p.AddWithValue("webhook_ids", outcomes.Select(o => o.Claim.WebhookId).Distinct().ToArray());
        p.AddWithValue("leases", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, leases);
        p.AddWithValue("statuses", NpgsqlDbType.Array | NpgsqlDbType.Varchar, statuses);
        p.AddWithValue("executed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, executedAt);
        p.AddWithValue("duration_ms", NpgsqlDbType.Array | NpgsqlDbType.Integer, durationMs);
        p.AddWithValue("response_code", NpgsqlDbType.Array | NpgsqlDbType.Integer, responseCode);
        p.AddWithValue("response_body", NpgsqlDbType.Array | NpgsqlDbType.Text, responseBody);
        p.AddWithValue("response_truncated", responseTruncated);
        p.AddWithValue("error_kind", NpgsqlDbType.Array | NpgsqlDbType.Varchar, errorKind);
        p.AddWithValue("error_message", NpgsqlDbType.Array | NpgsqlDbType.Varchar, errorMessage);
        p.AddWithValue("request_method", NpgsqlDbType.Array | NpgsqlDbType.Text, requestMethod);
        p.AddWithValue("request_url", NpgsqlDbType.Array | NpgsqlDbType.Text, requestUrl);
        p.AddWithValue("request_headers", NpgsqlDbType.Array | NpgsqlDbType.Text, requestHeaders);
        p.AddWithValue("request_body", NpgsqlDbType.Array | NpgsqlDbType.Text, requestBody);
        p.AddWithValue("retry_ids", retryIds);
        p.AddWithValue("retry_delays", NpgsqlDbType.Array | NpgsqlDbType.Interval, retryDelays);
        p.AddWithValue("resets", resets);
    }
}
