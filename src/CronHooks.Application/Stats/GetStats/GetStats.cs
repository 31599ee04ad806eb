using CronHooks.Application.Common.Ports;
using CronHooks.Application.Stats.Common;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.Stats.GetStats;

/// <summary>
/// How all of the caller's webhooks have been doing over a window, deleted ones included: their
/// history is kept, and it happened.
/// </summary>
public sealed record GetStatsQuery(string Window = StatsWindow.Default) : IQuery<StatsResponse>;

public sealed class GetStatsValidator : AbstractValidator<GetStatsQuery>
{
    public GetStatsValidator() => RuleFor(q => q.Window).ValidStatsWindow();
}

public sealed class GetStatsHandler(ICurrentUser currentUser, IExecutionStatistics statistics, TimeProvider clock)
    : IQueryHandler<GetStatsQuery, StatsResponse>
{
    public async ValueTask<StatsResponse> Handle(GetStatsQuery query, CancellationToken cancellationToken)
    {
        var window = StatsWindow.Find(query.Window)!;
        return await statistics.ComputeAsync(window.ScopeFor(currentUser.Id, null, clock.GetUtcNow()), window.Name, cancellationToken);
    }
}
