using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.PauseWebhook;

/// <summary>
/// Stops any user's webhook with a note its owner sees on the webhook; the owner cannot resume it (409 with the note),
/// an admin can (<c>unpause</c>). Pausing again replaces the note.
/// </summary>
public sealed record PauseWebhookCommand(Guid WebhookId, string? Note) : ICommand<AdminWebhookResponse>, IAdminCommand;

public sealed class PauseWebhookValidator : AbstractValidator<PauseWebhookCommand>
{
    public PauseWebhookValidator() => RuleFor(c => c.Note).NotEmpty().MaximumLength(Webhook.MaxPauseNoteLength);
}

public sealed class PauseWebhookHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<PauseWebhookCommand, AdminWebhookResponse>
{
    public async ValueTask<AdminWebhookResponse> Handle(PauseWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == command.WebhookId, cancellationToken)
            ?? throw new NotFoundException("Webhook", command.WebhookId);
        var now = clock.GetUtcNow();
        if (webhook.IsActive)
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        webhook.IsActive = false;
        webhook.PauseNote = command.Note!.Trim();
        webhook.PausedBy = PausedBy.Admin;
        // An admin's pause replaces an owner's: it has no end of its own.
        webhook.PausedUntil = null;
        webhook.PausedAt = null;
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var owner = await db.Users.Where(u => u.Id == webhook.OwnerId).Select(u => u.Username).SingleAsync(cancellationToken);
        return AdminWebhookResponse.From(webhook, owner);
    }
}
