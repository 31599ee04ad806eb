using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using Mediator;

namespace CronHooks.Application.Webhooks.DeleteWebhook;

/// <summary>
/// Deletes a webhook. Its execution history stays (owned by the same user); queued attempts are
/// recorded as skipped by the delivery engine when they come due.
/// </summary>
public sealed record DeleteWebhookCommand(Guid Id) : ICommand, IAuditedCommand;

public sealed class DeleteWebhookHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<DeleteWebhookCommand>
{
    public async ValueTask<Unit> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        db.Webhooks.Remove(webhook);
        db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
