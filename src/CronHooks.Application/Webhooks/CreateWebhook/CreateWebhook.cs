using CronHooks.Application.Common;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.CreateWebhook;

public sealed record CreateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>;

public sealed class CreateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, ISecretProtector secrets,
    IOptions<ResourceLimits> limits, TimeProvider clock)
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
            CreatedAt = now,
            UpdatedAt = now,
        };
        command.ApplyTo(webhook);
        var signingSecret = secrets.SetNewSigningSecret(webhook);
        webhook.Headers = secrets.ProtectHeaders(webhook.Id, (command.Headers ?? []).ToDictionary(h => h.Key, h => h.Value!));
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        db.Webhooks.Add(webhook);
        // Same transaction as the webhook: a scheduler node will create or keep its trigger.
        db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        // The insert's trigger has counted the webhook on the owner's row and holds that row until we commit:
        // the owner's concurrent creates wait there and then see this one, so the limit is never overshot.
        var max = limits.Value.MaxWebhooksPerUser;
        var count = await db.Users.Where(u => u.Id == currentUser.Id).Select(u => u.WebhookCount).SingleAsync(cancellationToken);
        if (count > max)
            throw new ConflictException($"You have reached the limit of {max} webhooks; delete some before creating more.");
        await transaction.CommitAsync(cancellationToken);

        return webhook.ToResponse(schedules, secrets, now) with { SigningSecret = signingSecret };
    }
}
