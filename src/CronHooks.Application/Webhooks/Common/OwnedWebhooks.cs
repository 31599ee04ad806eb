using CronHooks.Application.Common.Errors;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.Common;

internal static class OwnedWebhooks
{
    /// <summary>The caller's webhook, or 404 — also when it exists but belongs to someone else.</summary>
    public static async Task<Webhook> GetOwnedAsync(this IQueryable<Webhook> webhooks, Guid id, Guid ownerId, CancellationToken cancellationToken) =>
        await webhooks.SingleOrDefaultAsync(w => w.Id == id && w.OwnerId == ownerId, cancellationToken)
        ?? throw new NotFoundException("Webhook", id);
}
