using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;

namespace CronHooks.Application.Webhooks.ResumeWebhook;

/// <summary>Makes a cancelled or owner-paused webhook active again. Idempotent; a completed one-time webhook needs a new instant instead.</summary>
public sealed record ResumeWebhookCommand(Guid Id) : ICommand<WebhookResponse>, IAuditedCommand;

public sealed class ResumeWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : ICommandHandler<ResumeWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(ResumeWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (webhook.CompletedAt is { } completedAt)
            throw new ConflictException(
                $"This one-time webhook has already run (completed at {completedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); " +
                "to run it again give it a new scheduledAt (PATCH), or run it now once with trigger.");
        if (webhook.PausedBy == PausedBy.Admin)
            throw new ConflictException($"An administrator paused this webhook: \"{webhook.PauseNote}\". Only an administrator can resume it; contact yours.");
        if (!webhook.IsActive)
        {
            if (webhook.ScheduleType == ScheduleType.Once && webhook.ScheduledAt <= now)
                throw new ConflictException("This one-time webhook's instant has passed; set a new scheduledAt, or run it now with trigger.");

            webhook.IsActive = true;
            webhook.LiftOwnerPause(now);
            webhook.UpdatedAt = now;
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return webhook.ToResponse(schedules, holidays, secrets, now);
    }
}
