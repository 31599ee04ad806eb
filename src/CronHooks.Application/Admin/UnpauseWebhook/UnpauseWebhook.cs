using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.UnpauseWebhook;

/// <summary>Lifts an admin's pause: the note goes and the webhook is active again (a completed one-time webhook stays completed).</summary>
public sealed record UnpauseWebhookCommand(Guid WebhookId) : ICommand<AdminWebhookResponse>, IAdminCommand;

public sealed class UnpauseWebhookHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<UnpauseWebhookCommand, AdminWebhookResponse>
{
    public async ValueTask<AdminWebhookResponse> Handle(UnpauseWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == command.WebhookId, cancellationToken)
            ?? throw new NotFoundException("Webhook", command.WebhookId);
        if (webhook.PausedBy != PausedBy.Admin)
            throw new ConflictException("This webhook was not paused by an administrator; its owner cancels and resumes it.");
        var now = clock.GetUtcNow();
        webhook.IsActive = true;
        webhook.PauseNote = null;
        webhook.PausedBy = null;
        webhook.UpdatedAt = now;
        db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        var owner = await db.Users.Where(u => u.Id == webhook.OwnerId).Select(u => u.Username).SingleAsync(cancellationToken);
        return AdminWebhookResponse.From(webhook, owner);
    }
}
