using System.Text.Json.Serialization;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.UpdateWebhook;

/// <summary>Replaces a webhook's definition (PUT). Fields left out take their defaults.</summary>
public sealed record UpdateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>
{
    /// <summary>From the route, not the body.</summary>
    [JsonIgnore]
    public Guid Id { get; init; }
}

public sealed class UpdateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, ISecretProtector secrets,
    IOptions<ResourceLimits> limits, TimeProvider clock)
    : ICommandHandler<UpdateWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(UpdateWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var previousKey = webhook.ScheduleKey;
        var previousInstant = webhook.ScheduledAt;

        command.ApplyTo(webhook);
        var headers = WebhookSecrets.ResolveHeaders(command.Headers ?? [], secrets.RevealHeaders(webhook), out var headerErrors);
        // Kept values were not in the request, so the size limit is checked again with them in.
        if (headerErrors.Count == 0 && HeaderRules.Size(headers!) > limits.Value.MaxHeaderBytes)
            headerErrors.Add($"Headers may take at most {limits.Value.MaxHeaderBytes} bytes (names and values together).");
        if (headerErrors.Count > 0)
            throw new ValidationException(headerErrors.Select(e => new ValidationFailure(nameof(command.Headers), e)));
        webhook.Headers = secrets.ProtectHeaders(webhook.Id, headers);

        // Keeping a one-time webhook's instant is fine after it passed (renaming an old webhook);
        // moving it to another instant in the past is not.
        if (webhook.ScheduleType == ScheduleType.Once && webhook.ScheduledAt != previousInstant && webhook.ScheduledAt <= now)
            throw new ValidationException([new ValidationFailure(nameof(command.ScheduledAt), "scheduledAt must be in the future.")]);

        webhook.UpdatedAt = now;
        foreach (var key in new[] { previousKey, webhook.ScheduleKey }.Distinct())
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = key, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return webhook.ToResponse(schedules, secrets, now);
    }
}

public sealed class UpdateWebhookValidator(
    IScheduleCalculator schedules, IDestinationPolicy destinations, IOptions<ResourceLimits> limits, IOptions<QuotaOptions> quotas)
    : WebhookDefinitionValidator<UpdateWebhookCommand>(schedules, destinations, limits, quotas);
