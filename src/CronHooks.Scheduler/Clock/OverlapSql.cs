using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Infrastructure.Persistence;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The enqueue statement's share of the overlap policy: whether a webhook's new occurrence is held back because an
/// earlier one is still in the queue, and the skipped history row that records it. With <c>allow</c> (the default)
/// the CASE ends at its first branch: no queue probe, no extra statement.
/// </summary>
internal static class OverlapSql
{
    // Evaluated in the enqueue's "due" CTE, over webhooks w, for the occurrence $2. Queue rows of the earlier occurrences
    // of the schedule (first attempts, retries and backfilled ones; a run-now is not an occurrence) are what is still pending, running or retrying.
    public const string Overlapped = $"""
        CASE
            WHEN w.overlap_policy = '{nameof(OverlapPolicy.Allow)}' OR w.overlap_policy = '{nameof(OverlapPolicy.CancelPrevious)}' THEN false
            WHEN w.overlap_policy = '{nameof(OverlapPolicy.Skip)}' THEN EXISTS (
                SELECT 1 FROM execution_queue q
                WHERE q.webhook_id = w.id AND q.scheduled_for < $2 AND q.trigger IN ('{nameof(ExecutionTrigger.Schedule)}', '{nameof(ExecutionTrigger.Retry)}', '{nameof(ExecutionTrigger.Backfill)}'))
            -- bufferOne: one earlier occurrence may be under way and this one waits for it (at claim time); a second earlier one
            -- means one is already waiting.
            ELSE (SELECT count(DISTINCT q.scheduled_for) FROM execution_queue q
                  WHERE q.webhook_id = w.id AND q.scheduled_for < $2 AND q.trigger IN ('{nameof(ExecutionTrigger.Schedule)}', '{nameof(ExecutionTrigger.Retry)}', '{nameof(ExecutionTrigger.Backfill)}')) >= 2
        END
        """;

    // The history row for each held-back occurrence of the enqueue's "due" set d ($2 the occurrence, $4 now).
    public const string RecordSkipped = $"""
        INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated,
                                error_kind, error_message, created_at, finished_at)
        SELECT {AttemptIds.NewSql}, d.id, d.owner_id, '{nameof(ExecutionStatus.Skipped)}', 1, '{nameof(ExecutionTrigger.Schedule)}', d.occurrence, $2,
               false, '{DeliveryErrorKinds.Overlap}',
               CASE WHEN d.overlap_policy = '{nameof(OverlapPolicy.Skip)}'
                    THEN 'overlap: an earlier occurrence of this webhook was still pending, running or retrying (overlapPolicy skip); this one was not sent.'
                    ELSE 'overlap: an earlier occurrence of this webhook was under way and another was already waiting for it (overlapPolicy bufferOne); this one was not sent.'
               END,
               $4, $4
        FROM due d
        WHERE d.overlapped
        ON CONFLICT DO NOTHING
        """;
}
