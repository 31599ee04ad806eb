using CronHooks.Application.Common.Errors;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.Common;

internal static class WebhookKeys
{
    /// <summary>409 when another of the owner's webhooks already has this key (the unique index settles a race).</summary>
    public static async Task EnsureKeyFreeAsync(
        this IQueryable<Webhook> webhooks, string? key, Guid ownerId, Guid webhookId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
            return;
        if (await webhooks.AnyAsync(w => w.OwnerId == ownerId && w.Key == key && w.Id != webhookId, cancellationToken))
            throw new ConflictException($"key '{key}' is already used by another of your webhooks; keys are unique per user.");
    }
}
