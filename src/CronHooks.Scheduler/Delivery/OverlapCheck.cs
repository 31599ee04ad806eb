using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The claim-time share of the overlap policy, asked only for a webhook whose policy is not <c>allow</c> (the runner
/// has the webhook loaded with the batch, so the default costs nothing). <c>bufferOne</c>: a first attempt whose
/// earlier occurrence is still in the queue goes back to wait for it. <c>cancelPrevious</c>: a retry of an occurrence
/// a later one has overtaken is dropped, recorded skipped (<c>superseded</c>). A backfilled occurrence, under any policy
/// but <c>allow</c>, waits for the one before it, so a backfill runs in order, one at a time, and skips none. Run-now,
/// redelivery and test sends are outside the schedule and never held.
/// </summary>
public sealed class OverlapCheck(NpgsqlDataSource dataSource)
{
    // How often a buffered occurrence looks again while the one before it is running.
    private static readonly TimeSpan WaitStep = TimeSpan.FromSeconds(2);

    /// <summary>The outcome that replaces sending, if the policy holds the attempt back: null to send it.</summary>
    /// <returns>Deferred = put back to wait (nothing to record), or a skip to record, or null.</returns>
    public async Task<(bool Deferred, AttemptOutcome? Skip)> CheckAsync(string node, Webhook webhook, ClaimedAttempt claim, CancellationToken cancellationToken)
    {
        if ((webhook.OverlapPolicy == OverlapPolicy.BufferOne && claim.Trigger == ExecutionTrigger.Schedule) || claim.Trigger == ExecutionTrigger.Backfill)
            return (await DeferIfEarlierPendingAsync(node, claim, cancellationToken), null);
        if (webhook.OverlapPolicy == OverlapPolicy.CancelPrevious && claim.Trigger == ExecutionTrigger.Retry
            && await LaterOccurrenceBegunAsync(claim, cancellationToken))
            return (false, AttemptOutcome.Skipped(DeliveryErrorKinds.Superseded,
                "superseded: a later occurrence of this webhook began (overlapPolicy cancelPrevious); this occurrence's remaining retries were dropped."));
        return (false, null);
    }

    private async Task<bool> DeferIfEarlierPendingAsync(string node, ClaimedAttempt claim, CancellationToken cancellationToken)
    {
        // Back in the queue (only while this node still holds the lease), due again when the earlier one may have finished:
        // a step from now while it runs, or just after its pending retry is due.
        await using var command = dataSource.CreateCommand($"""
            WITH earlier AS (
                SELECT q.lease_owner, q.due_at FROM execution_queue q
                WHERE q.webhook_id = @webhook_id AND q.scheduled_for < @scheduled_for
                  AND q.trigger IN ('{nameof(ExecutionTrigger.Schedule)}', '{nameof(ExecutionTrigger.Retry)}', '{nameof(ExecutionTrigger.Backfill)}')
            )
            UPDATE execution_queue e
            SET lease_owner = NULL, lease_expires_at = NULL,
                due_at = greatest(now() + @step, (SELECT max(due_at) FROM earlier WHERE lease_owner IS NULL) + @step)
            WHERE e.id = @id AND e.lease_owner = @node AND e.lease_expires_at = @lease AND EXISTS (SELECT 1 FROM earlier)
            """);
        command.Parameters.AddWithValue("webhook_id", claim.WebhookId);
        command.Parameters.AddWithValue("scheduled_for", claim.ScheduledFor);
        command.Parameters.AddWithValue("id", claim.Id);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, claim.LeaseExpiresAt);
        command.Parameters.AddWithValue("step", WaitStep);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<bool> LaterOccurrenceBegunAsync(ClaimedAttempt claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT EXISTS (SELECT 1 FROM execution_queue q
                           WHERE q.webhook_id = @webhook_id AND q.scheduled_for > @scheduled_for AND q.trigger = '{nameof(ExecutionTrigger.Schedule)}')
                OR EXISTS (SELECT 1 FROM executions h
                           WHERE h.webhook_id = @webhook_id AND h.scheduled_for > @scheduled_for AND h.attempt_number = 1
                             AND h.trigger = '{nameof(ExecutionTrigger.Schedule)}' AND h.status <> '{nameof(ExecutionStatus.Skipped)}')
            """);
        command.Parameters.AddWithValue("webhook_id", claim.WebhookId);
        command.Parameters.AddWithValue("scheduled_for", claim.ScheduledFor);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
