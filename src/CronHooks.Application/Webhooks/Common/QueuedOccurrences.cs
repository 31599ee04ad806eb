using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// Occurrences the clock queues shortly before they are due (so they are sent on time) belong to the schedule that
/// was current then: when a webhook's schedule changes, those not yet due are withdrawn.
/// </summary>
public static class QueuedOccurrences
{
    /// <summary>
    /// Removes the webhook's first attempts of scheduled occurrences after <paramref name="changedAt"/> that no node holds.
    /// Called after the change commits: a crash in between lets the old occurrence run, but never loses one.
    /// </summary>
    public static Task<int> WithdrawAfterAsync(IApplicationDbContext db, Guid webhookId, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        db.Queue
            .Where(q => q.WebhookId == webhookId && q.Trigger == ExecutionTrigger.Schedule && q.AttemptNumber == 1
                && q.LeaseOwner == null && q.ScheduledFor > changedAt)
            .ExecuteDeleteAsync(cancellationToken);
}
