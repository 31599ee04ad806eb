using CronHooks.Application.Common.Auditing;
using System.Text.Json;
using System.Text.Json.Nodes;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Application.Webhooks.UpdateWebhook;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.PatchWebhook;

/// <summary>Changes some of a webhook's fields with an RFC 7396 JSON merge patch.</summary>
public sealed record PatchWebhookCommand(Guid Id, JsonElement Patch) : ICommand<WebhookResponse>, IAuditedCommand;

/// <summary>
/// Applies the patch to the webhook's current definition and sends the result as a replace, so a
/// patch obeys exactly the rules of PUT and reports errors under the same field names.
/// </summary>
public sealed class PatchWebhookHandler(IApplicationDbContext db, ICurrentUser currentUser, ISecretProtector secrets, ISender sender)
    : ICommandHandler<PatchWebhookCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(PatchWebhookCommand command, CancellationToken cancellationToken)
    {
        if (command.Patch.ValueKind != JsonValueKind.Object)
            throw new ValidationException([new ValidationFailure("", "A merge patch must be a JSON object.")]);

        var webhook = await db.Webhooks.AsNoTracking().GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var document = JsonSerializer.SerializeToNode(webhook.ToDefinition<UpdateWebhookCommand>(secrets), CronHooksJson.Options)!;
        var patched = JsonMergePatch.Apply(document, JsonNode.Parse(command.Patch.GetRawText()));

        UpdateWebhookCommand replacement;
        try
        {
            replacement = patched.Deserialize<UpdateWebhookCommand>(CronHooksJson.Options)
                ?? throw new JsonException("The patched webhook is empty.");
        }
        catch (JsonException e)
        {
            throw new ValidationException([new ValidationFailure(e.Path?.TrimStart('$', '.') ?? "", e.Message)]);
        }

        return await sender.Send(replacement with { Id = command.Id }, cancellationToken);
    }
}
