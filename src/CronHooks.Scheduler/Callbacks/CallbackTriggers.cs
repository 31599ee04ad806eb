using System.Text.Json;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Callbacks;
using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Delivery;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Callbacks;

/// <summary>
/// Queues the callbacks of recorded outcomes as rows of the alerts queue, in the outcome's transaction: sent (signed,
/// retried, SSRF-checked) by the alert workers. One row per attempt and kind, so an outcome written twice calls once.
/// </summary>
public static class CallbackTriggers
{
    private const string InsertSql = $"""
        INSERT INTO alerts (id, webhook_id, owner_id, kind, event_key, status, execution_id, scheduled_for, attempt_number,
                            error_kind, response_code, consecutive_failures, occurred_at, created_at, due_at, attempts, details)
        SELECT c.id, c.webhook_id, c.owner_id, c.kind, c.execution_id, '{nameof(AlertStatus.Pending)}', c.execution_id, c.scheduled_for,
               c.attempt, c.error_kind, c.response_code, 0, coalesce(c.executed_at, now()), now(), now(), 0, c.details::jsonb
        FROM unnest(@ids, @webhook_ids, @owner_ids, @kinds, @execution_ids, @scheduled_for, @attempts, @error_kinds, @response_codes,
                    @executed_at, @details)
            AS c(id, webhook_id, owner_id, kind, execution_id, scheduled_for, attempt, error_kind, response_code, executed_at, details)
        ON CONFLICT (webhook_id, kind, event_key) DO NOTHING
        """;

    /// <summary>
    /// Queues the callbacks of those <paramref name="outcomes"/> that <paramref name="written"/> holds. Returns how many
    /// were queued; without any outcome asking for a callback it sends no statement at all.
    /// </summary>
    public static async Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedOutcome> outcomes,
        HashSet<Guid> written, CancellationToken cancellationToken)
    {
        List<(RecordedOutcome Recorded, string Kind)>? rows = null;
        foreach (var recorded in outcomes)
        {
            var targets = recorded.Outcome.Callbacks;
            if (targets == CallbackTargets.None || !written.Contains(recorded.Claim.Id))
                continue;
            rows ??= [];
            if (targets.HasFlag(CallbackTargets.Attempt))
                rows.Add((recorded, CallbackKinds.Attempt));
            if (targets.HasFlag(CallbackTargets.Failure))
                rows.Add((recorded, CallbackKinds.Failure));
        }
        if (rows is null)
            return 0;

        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        insert.Parameters.AddWithValue("ids", rows.Select(_ => Guid.CreateVersion7()).ToArray());
        insert.Parameters.AddWithValue("webhook_ids", rows.Select(r => r.Recorded.Claim.WebhookId).ToArray());
        insert.Parameters.AddWithValue("owner_ids", rows.Select(r => r.Recorded.Claim.OwnerId).ToArray());
        insert.Parameters.AddWithValue("kinds", NpgsqlDbType.Array | NpgsqlDbType.Varchar, rows.Select(r => r.Kind).ToArray());
        insert.Parameters.AddWithValue("execution_ids", rows.Select(r => r.Recorded.Claim.Id).ToArray());
        insert.Parameters.AddWithValue("scheduled_for", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            rows.Select(r => r.Recorded.Claim.ScheduledFor.UtcDateTime).ToArray());
        insert.Parameters.AddWithValue("attempts", rows.Select(r => r.Recorded.Claim.AttemptNumber).ToArray());
        insert.Parameters.AddWithValue("error_kinds", NpgsqlDbType.Array | NpgsqlDbType.Varchar, rows.Select(r => r.Recorded.Outcome.ErrorKind).ToArray());
        insert.Parameters.AddWithValue("response_codes", NpgsqlDbType.Array | NpgsqlDbType.Integer, rows.Select(r => r.Recorded.Outcome.ResponseCode).ToArray());
        insert.Parameters.AddWithValue("executed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            rows.Select(r => r.Recorded.Outcome.ExecutedAt?.UtcDateTime).ToArray());
        insert.Parameters.AddWithValue("details", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => DetailsJson(r.Recorded.Outcome)).ToArray());
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string DetailsJson(AttemptOutcome outcome)
    {
        var (body, cut) = Bounded(outcome.ResponseBody);
        return JsonSerializer.Serialize(new CallbackDetails(JsonNamingPolicy.CamelCase.ConvertName(outcome.Status.ToString()), outcome.DurationMs,
            Execution.CutErrorMessage(outcome.ErrorMessage), body, outcome.ResponseTruncated || cut), CallbackJson.Options);
    }

    private static (string? Body, bool Cut) Bounded(string? body)
    {
        if (body is null || body.Length <= CallbackDetails.MaxResponseBodyLength)
            return (body, false);
        var length = CallbackDetails.MaxResponseBodyLength;
        // Never split a surrogate pair: half a character is not valid UTF-8 in the callback's body.
        if (char.IsHighSurrogate(body[length - 1]))
            length--;
        return (body[..length], true);
    }
}
