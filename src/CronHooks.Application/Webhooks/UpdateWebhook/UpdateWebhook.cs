using System.Text.Json.Serialization;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace CronHooks.Application.Webhooks.UpdateWebhook;

/// <summary>Replaces a webhook's definition (PUT). Fields left out take their defaults.</summary>
public sealed record UpdateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>
{
    /// <summary>From the route, not the body.</summary>
    [JsonIgnore]
    public Guid Id { get; init; }
}

public sealed class UpdateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, TimeProvider clock)
    : ICommandHandler<UpdateWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(UpdateWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var previousKey = webhook.ScheduleKey;
        var previousInstant = webhook.ScheduledAt;

        command.ApplyTo(webhook);

        // Keeping a one-time webhook's instant is fine after it passed (renaming an old webhook);
        // moving it to another instant in the past is not.
        if (webhook.ScheduleType == ScheduleType.Once && webhook.ScheduledAt != previousInstant && webhook.ScheduledAt <= now)
            throw new ValidationException([new ValidationFailure(nameof(command.ScheduledAt), "scheduledAt must be in the future.")]);

        webhook.UpdatedAt = now;
        foreach (var key in new[] { previousKey, webhook.ScheduleKey }.Distinct())
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = key, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return webhook.ToResponse(schedules, now);
    }
}

public sealed class UpdateWebhookValidator(IScheduleCalculator schedules, IDestinationPolicy destinations)
    : WebhookDefinitionValidator<UpdateWebhookCommand>(schedules, destinations);
