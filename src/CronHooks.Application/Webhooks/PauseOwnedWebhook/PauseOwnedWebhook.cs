using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;

namespace CronHooks.Application.Webhooks.PauseOwnedWebhook;

/// <summary>
/// Pauses a webhook for its owner, with an optional note and an optional instant at which it resumes by itself.
/// Unlike cancel, each occurrence due while paused is recorded skipped (kind <c>paused</c>). Pausing again replaces
/// the note and the resume time; an administrator's pause answers 409.
/// </summary>
public sealed record PauseOwnedWebhookCommand(Guid Id, string? Note, DateTimeOffset? Until) : ICommand<WebhookResponse>, IAuditedCommand;

public sealed class PauseOwnedWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : ICommandHandler<PauseOwnedWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(PauseOwnedWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (webhook.PausedBy == PausedBy.Admin)
            throw new ConflictException($"An administrator paused this webhook: \"{webhook.PauseNote}\". Only an administrator can resume it; contact yours.");
        if (webhook.CompletedAt is not null)
            throw new ConflictException("This one-time webhook has already run; there is nothing left to pause.");
        if (webhook.IsActive)
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        webhook.PauseByOwner(command.Note, command.Until, now);
        await db.SaveChangesAsync(cancellationToken);
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return webhook.ToResponse(schedules, holidays, secrets, now);
    }
}
