using System.Text.Json.Serialization;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.TestWebhook;

/// <summary>
/// Sends a definition once, now, without saving it. Signed with a throwaway secret (a new webhook has none yet), so a
/// receiver that verifies signatures will refuse it: test the saved webhook to check verification.
/// </summary>
public sealed record TestWebhookCommand : WebhookDefinition, ICommand<WebhookTestResponse>;

/// <summary>Sends a saved webhook once, now, as its next attempt would go (its headers, its signing secret).</summary>
public sealed record TestSavedWebhookCommand([property: JsonIgnore] Guid Id) : ICommand<WebhookTestResponse>;

public sealed class TestWebhookValidator(
    IScheduleCalculator schedules, IDestinationPolicy destinations, IOptions<ResourceLimits> limits, IOptions<QuotaOptions> quotas)
    : WebhookDefinitionValidator<TestWebhookCommand>(schedules, destinations, limits, quotas);

public sealed class TestWebhookHandler(ICurrentUser currentUser, ISecretProtector secrets, IWebhookTestSender sender, TimeProvider clock)
    : ICommandHandler<TestWebhookCommand, WebhookTestResponse>
{
    public async ValueTask<WebhookTestResponse> Handle(TestWebhookCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var webhook = new Webhook { Id = Guid.CreateVersion7(), OwnerId = currentUser.Id, Name = "", Url = "", CreatedAt = now, UpdatedAt = now };
        command.ApplyTo(webhook);
        // No stored webhook, so a masked or null value has nothing to stand for.
        var headers = WebhookSecrets.ResolveHeaders(command.Headers ?? [], new Dictionary<string, string>(), sameOrigin: false, out var errors);
        // A value read back from a saved webhook is its mask; sent as it is, the receiver would get the mask.
        errors.AddRange(headers.Where(h => h.Value.StartsWith(WebhookSecrets.MaskPrefix, StringComparison.Ordinal)).Select(h =>
            $"Header '{h.Key}' holds a masked value; give its value, or test the saved webhook (POST /api/v1/webhooks/{{id}}/test)."));
        if (errors.Count > 0)
            throw new ValidationException(errors.Select(e => new ValidationFailure(nameof(command.Headers), e)));
        secrets.SetNewSigningSecret(webhook);
        webhook.Headers = secrets.ProtectHeaders(webhook.Id, headers);
        return await sender.SendAsync(webhook, now, cancellationToken);
    }
}

public sealed class TestSavedWebhookHandler(IApplicationDbContext db, ICurrentUser currentUser, IWebhookTestSender sender, TimeProvider clock)
    : ICommandHandler<TestSavedWebhookCommand, WebhookTestResponse>
{
    public async ValueTask<WebhookTestResponse> Handle(TestSavedWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        return await sender.SendAsync(webhook, clock.GetUtcNow(), cancellationToken);
    }
}
