using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using Mediator;

namespace CronHooks.Application.Webhooks.TriggerWebhook;

/// <summary>Runs a webhook now, once, outside its schedule: queues an attempt due immediately.</summary>
public sealed record TriggerWebhookCommand(Guid Id) : ICommand<ExecutionResponse>;

public sealed class TriggerWebhookHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<TriggerWebhookCommand, ExecutionResponse>
{
    public async ValueTask<ExecutionResponse> Handle(TriggerWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        if (!webhook.IsActive)
            throw new ConflictException("This webhook is cancelled; resume it before running it.");

        var now = clock.GetUtcNow();
        // Microsecond precision: PostgreSQL keeps no more, and (webhook, occurrence, attempt) is unique.
        var occurrence = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        var attempt = new QueuedAttempt
        {
            Id = Guid.CreateVersion7(),
            WebhookId = webhook.Id,
            OwnerId = webhook.OwnerId,
            AttemptNumber = 1,
            Trigger = ExecutionTrigger.Manual,
            ScheduledFor = occurrence,
            DueAt = occurrence,
            CreatedAt = now,
        };
        // The queue notifies delivery nodes on insert (a database trigger), in this transaction.
        db.Queue.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return ExecutionResponse.From(attempt.ToExecution());
    }
}
