using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;

namespace CronHooks.Application.Webhooks.CancelWebhook;

/// <summary>Stops a webhook: no further occurrences or retries. Its executions stay. Idempotent; a completed one-time webhook is left as it is (nothing is left to stop).</summary>
public sealed record CancelWebhookCommand(Guid Id) : ICommand<WebhookResponse>, IAuditedCommand;

public sealed class CancelWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : ICommandHandler<CancelWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(CancelWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (webhook.State == WebhookState.Active)
        {
            webhook.IsActive = false;
            webhook.UpdatedAt = now;
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return webhook.ToResponse(schedules, holidays, secrets, now);
    }
}
