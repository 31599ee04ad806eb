using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Domain.Executions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Executions.RedeliverExecution;

/// <summary>Sends a failed or skipped occurrence again: one new attempt of it, due now, with the same <c>webhook-id</c>.</summary>
public sealed record RedeliverExecutionCommand(Guid Id) : ICommand<ExecutionResponse>;

public sealed class RedeliverExecutionHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<RedeliverExecutionCommand, ExecutionResponse>
{
    public async ValueTask<ExecutionResponse> Handle(RedeliverExecutionCommand command, CancellationToken cancellationToken)
    {
        var attempt = await db.Executions.AsNoTracking()
            .SingleOrDefaultAsync(e => e.Id == command.Id && e.OwnerId == currentUser.Id, cancellationToken)
            ?? throw new NotFoundException("Execution", command.Id);
        if (!Redeliveries.Redeliverable.Contains(attempt.Status))
            throw new ConflictException($"Only a failed or skipped attempt can be redelivered; this one is {attempt.Status.ToString().ToLowerInvariant()}.");
        var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == attempt.WebhookId, cancellationToken)
            ?? throw new ConflictException("The webhook of this attempt was deleted.");
        if (!webhook.IsActive)
            throw new ConflictException("The webhook is cancelled; resume it before redelivering.");
        var later = await db.Executions.AsNoTracking()
            .Where(e => e.WebhookId == attempt.WebhookId && e.ScheduledFor == attempt.ScheduledFor && e.AttemptNumber > attempt.AttemptNumber)
            .OrderByDescending(e => e.AttemptNumber).Select(e => (ExecutionStatus?)e.Status).FirstOrDefaultAsync(cancellationToken);
        if (later is { } status)
            throw new ConflictException($"A later attempt of this occurrence exists ({status.ToString().ToLowerInvariant()}); redeliver that one if it failed.");

        var next = Redeliveries.Next(attempt, clock.GetUtcNow());
        db.Queue.Add(next);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // (webhook, occurrence, attempt) is unique: another request queued this redelivery a moment ago.
            throw new ConflictException("This occurrence was just queued again by another request.");
        }
        return ExecutionResponse.From(next.ToExecution());
    }
}
