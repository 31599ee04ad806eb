using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;

namespace CronHooks.Application.Webhooks.CreateWebhook;

public sealed record CreateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>;

public sealed class CreateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, TimeProvider clock)
    : ICommandHandler<CreateWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var webhook = new Webhook
        {
            Id = Guid.CreateVersion7(),
            OwnerId = currentUser.Id,
            Name = "",
            Url = "",
            SigningSecret = SigningSecret.Generate(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        command.ApplyTo(webhook);
        db.Webhooks.Add(webhook);
        // Same transaction as the webhook: a scheduler node will create or keep its trigger.
        db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);

        return webhook.ToResponse(schedules, now) with { SigningSecret = webhook.SigningSecret };
    }
}
