using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Common.Ports;

/// <summary>
/// Webhooks as stored now, for work outside a request (a delivery node's attempts and alerts): untracked,
/// each call its own unit of work, so a singleton worker can use it. <see cref="Webhook.Delivery"/> is not loaded (null):
/// it is the engine's own record, written in SQL.
/// </summary>
public interface IWebhookReader
{
    /// <summary>The webhook, or null when it was deleted.</summary>
    Task<Webhook?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="ids"/> that still exist, in one query; a deleted one is absent.</summary>
    Task<IReadOnlyDictionary<Guid, Webhook>> FindAllAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}
