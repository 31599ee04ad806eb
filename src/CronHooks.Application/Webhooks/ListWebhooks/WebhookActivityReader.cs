using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.ListWebhooks;

/// <summary>
/// Reads <see cref="WebhookActivity"/> for a whole page of webhooks at once: two set-based queries per
/// page, whatever its size, instead of one per webhook.
/// </summary>
internal static class WebhookActivityReader
{
    public static async Task<IReadOnlyDictionary<Guid, WebhookActivity>> ReadAsync(
        IApplicationDbContext db, IReadOnlyCollection<Guid> webhookIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (webhookIds.Count == 0)
            return new Dictionary<Guid, WebhookActivity>();

        var since = now.AddHours(-24);
        var recent = await db.Executions.AsNoTracking()
            .Where(e => webhookIds.Contains(e.WebhookId) && e.CreatedAt > since && e.CreatedAt <= now)
            .GroupBy(e => e.WebhookId)
            .Select(g => new
            {
                WebhookId = g.Key,
                Attempts = g.Count(),
                Successes = g.Count(e => e.Status == ExecutionStatus.Success),
                WithResult = g.Count(e => e.Status == ExecutionStatus.Success || e.Status == ExecutionStatus.Failed || e.Status == ExecutionStatus.Retrying),
            })
            .ToDictionaryAsync(r => r.WebhookId, cancellationToken);

        // The newest finished attempt of each webhook (PostgreSQL: one ROW_NUMBER() window over the page's webhooks).
        var last = await db.Executions.AsNoTracking()
            .Where(e => webhookIds.Contains(e.WebhookId) && e.FinishedAt != null)
            .GroupBy(e => e.WebhookId)
            .Select(g => g.OrderByDescending(e => e.FinishedAt).ThenByDescending(e => e.Id).First())
            .ToDictionaryAsync(e => e.WebhookId, cancellationToken);

        return webhookIds.ToDictionary(id => id, id =>
        {
            var outcome = last.TryGetValue(id, out var e)
                ? new ExecutionOutcome(e.Id, e.Status, e.ResponseCode, e.ErrorKind, e.FinishedAt!.Value)
                : null;
            return recent.TryGetValue(id, out var r)
                ? new WebhookActivity(outcome, r.Attempts, r.WithResult == 0 ? null : Math.Round((double)r.Successes / r.WithResult, 4))
                : new WebhookActivity(outcome, 0, null);
        });
    }
}
