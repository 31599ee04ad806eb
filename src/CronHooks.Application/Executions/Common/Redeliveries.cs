using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Executions;

namespace CronHooks.Application.Executions.Common;

/// <summary>
/// When an attempt may be sent again, and the attempt that does it: the occurrence's next attempt number, the same
/// occurrence (so the same <c>webhook-id</c>), due now. Its number is past the webhook's retries, so it is one attempt.
/// </summary>
internal static class Redeliveries
{
    /// <summary>Only an occurrence that ended undelivered: its last attempt failed or was skipped.</summary>
    public static readonly ExecutionStatus[] Redeliverable = [ExecutionStatus.Failed, ExecutionStatus.Skipped];

    /// <summary>Of <paramref name="attempts"/>, those that are their occurrence's last attempt, undelivered, of a webhook that is active.</summary>
    public static IQueryable<Execution> Eligible(IApplicationDbContext db, IQueryable<Execution> attempts) =>
        attempts.Where(e => Redeliverable.Contains(e.Status)
            && db.Webhooks.Any(w => w.Id == e.WebhookId && w.IsActive)
            && !db.Executions.Any(o => o.WebhookId == e.WebhookId && o.ScheduledFor == e.ScheduledFor && o.AttemptNumber > e.AttemptNumber));

    public static QueuedAttempt Next(Execution last, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        WebhookId = last.WebhookId,
        OwnerId = last.OwnerId,
        ScheduledFor = last.ScheduledFor,
        AttemptNumber = last.AttemptNumber + 1,
        Trigger = ExecutionTrigger.Redelivery,
        DueAt = now,
        CreatedAt = now,
    };
}
