using CronHooks.Application.Common.Ports;
using CronHooks.Application.Stats.Common;
using CronHooks.Application.Webhooks.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Stats.GetWebhookStats;

/// <summary>How one of the caller's webhooks has been doing over a window (24h, 7d or 30d).</summary>
public sealed record GetWebhookStatsQuery(Guid WebhookId, string Window = StatsWindow.Default) : IQuery<StatsResponse>;

public sealed class GetWebhookStatsValidator : AbstractValidator<GetWebhookStatsQuery>
{
    public GetWebhookStatsValidator() => RuleFor(q => q.Window).ValidStatsWindow();
}

public sealed class GetWebhookStatsHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IExecutionStatistics statistics, TimeProvider clock)
    : IQueryHandler<GetWebhookStatsQuery, StatsResponse>
{
    public async ValueTask<StatsResponse> Handle(GetWebhookStatsQuery query, CancellationToken cancellationToken)
    {
        // 404 for a webhook that is not the caller's, before anything about its history is revealed.
        await db.Webhooks.AsNoTracking().GetOwnedAsync(query.WebhookId, currentUser.Id, cancellationToken);
        var window = StatsWindow.Find(query.Window)!;
        return await statistics.ComputeAsync(
            window.ScopeFor(currentUser.Id, query.WebhookId, clock.GetUtcNow()), window.Name, cancellationToken);
    }
}
