using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
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
public sealed record UpdateWebhookCommand : WebhookDefinition, ICommand<WebhookResponse>, IAuditedCommand
{
    /// <summary>From the route, not the body.</summary>
    [JsonIgnore]
    public Guid Id { get; init; }
}

public sealed class UpdateWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, IOptions<ResourceLimits> limits, TimeProvider clock)
    : ICommandHandler<UpdateWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(UpdateWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        await db.Webhooks.EnsureKeyFreeAsync(command.Key, currentUser.Id, webhook.Id, cancellationToken);
        var calendars = await db.Calendars.GetAllOwnedAsync(command.CalendarIds, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var previousKey = webhook.ScheduleKey;
        var previousInstant = webhook.ScheduledAt;
        var previousUrl = webhook.Url;
        var previousAlertUrl = secrets.RevealAlertUrl(webhook);

        command.ApplyTo(webhook);
        var headers = WebhookSecrets.ResolveHeaders(command.Headers ?? [], secrets.RevealHeaders(webhook),
            WebhookSecrets.SameOrigin(previousUrl, webhook.Url), out var headerErrors);
        // Kept values were not in the request, so the size limit is checked again with them in.
        if (headerErrors.Count == 0 && HeaderRules.Size(headers!) > limits.Value.MaxHeaderBytes)
            headerErrors.Add($"Headers may take at most {limits.Value.MaxHeaderBytes} bytes (names and values together).");
        var alertUrl = WebhookSecrets.ResolveAlertUrl(webhook.AlertUrl, previousAlertUrl, out var alertError);
        var failures = headerErrors.Select(e => new ValidationFailure(nameof(command.Headers), e)).ToList();
        if (alertError is not null)
            failures.Add(new ValidationFailure("alert.url", alertError));
        if (failures.Count > 0)
            throw new ValidationException(failures);
        webhook.Headers = secrets.ProtectHeaders(webhook.Id, headers);
        webhook.AlertUrl = secrets.ProtectAlertUrl(webhook.Id, alertUrl);

        // Keeping a one-time webhook's instant is fine after it passed (renaming an old webhook);
        // moving it to another instant in the past is not.
        if (webhook.ScheduleType == ScheduleType.Once && webhook.ScheduledAt != previousInstant && webhook.ScheduledAt <= now)
            throw new ValidationException([new ValidationFailure(nameof(command.ScheduledAt), "scheduledAt must be in the future.")]);

        webhook.UpdatedAt = now;
        foreach (var key in new[] { previousKey, webhook.ScheduleKey }.Distinct())
            db.ScheduleChanges.Add(new ScheduleChange { ScheduleKey = key, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        if (webhook.ScheduleKey != previousKey)
            await QueuedOccurrences.WithdrawAfterAsync(db, webhook.Id, now, cancellationToken);
        return webhook.ToResponse(schedules, WebhookHolidays.From(webhook, calendars, publicHolidays), secrets, now);
    }
}

public sealed class UpdateWebhookValidator(
    IScheduleCalculator schedules, IDestinationPolicy destinations, IOptions<ResourceLimits> limits, IOptions<QuotaOptions> quotas)
    : WebhookDefinitionValidator<UpdateWebhookCommand>(schedules, destinations, limits, quotas);
