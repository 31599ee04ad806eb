using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.CreateWebhook;

public sealed record CreateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>, IAuditedCommand;

public sealed class CreateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, IOptions<ResourceLimits> limits, TimeProvider clock)
    : ICommandHandler<CreateWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        // A check, then an insert: creates racing at the limit can overshoot it by a few (serialising a user's
        // creates to close that would cost every create more than the limit is worth).
        var max = limits.Value.MaxWebhooksPerUser;
        if (await db.WebhookCounts.Where(c => c.OwnerId == currentUser.Id).SumAsync(c => c.Count, cancellationToken) >= max)
            throw new ConflictException($"You have reached the limit of {max} webhooks; delete some before creating more.");

        await db.Webhooks.EnsureKeyFreeAsync(command.Key, currentUser.Id, Guid.Empty, cancellationToken);
        var calendars = await db.Calendars.GetAllOwnedAsync(command.CalendarIds, currentUser.Id, cancellationToken);

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
        // A masked alert URL means nothing without a stored one to keep.
        var alertUrl = WebhookSecrets.ResolveAlertUrl(webhook.AlertUrl, stored: null, out var alertError);
        if (alertError is not null)
            throw new ValidationException([new ValidationFailure("alert.url", alertError)]);
        webhook.AlertUrl = secrets.ProtectAlertUrl(webhook.Id, alertUrl);
        db.Webhooks.Add(webhook);
        // Same transaction as the webhook: a scheduler node will create or keep its trigger.
        db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = webhook.ScheduleKey, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);

        return webhook.ToResponse(schedules, WebhookHolidays.From(webhook, calendars, publicHolidays), secrets, now) with { SigningSecret = signingSecret };
    }
}
