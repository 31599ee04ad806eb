using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.ListWebhooks;

/// <summary>
/// Reads <see cref="WebhookActivity"/> for a whole page of webhooks at once: one set-based query per page,
/// whatever its size, and each webhook's last outcome from its delivery state.
/// </summary>
internal static class WebhookActivityReader
{
    public static async Task<IReadOnlyDictionary<Guid, WebhookActivity>> ReadAsync(
        IApplicationDbContext db, IReadOnlyCollection<Webhook> webhooks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (webhooks.Count == 0)
            return new Dictionary<Guid, WebhookActivity>();

        var webhookIds = webhooks.Select(w => w.Id).ToList();
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

        return webhooks.ToDictionary(w => w.Id, w =>
        {
            // The newest finished attempt is kept with the webhook's delivery state as outcomes are recorded.
            var outcome = w.Delivery is { LastOutcomeId: { } id, LastOutcomeStatus: { } status, LastOutcomeFinishedAt: { } finishedAt } last
                ? new ExecutionOutcome(id, status, last.LastOutcomeResponseCode, last.LastOutcomeErrorKind, finishedAt)
                : null;
            return recent.TryGetValue(w.Id, out var r)
                ? new WebhookActivity(outcome, r.Attempts, r.WithResult == 0 ? null : Math.Round((double)r.Successes / r.WithResult, 4))
                : new WebhookActivity(outcome, 0, null);
        });
    }
}
