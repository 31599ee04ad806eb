using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Executions.ListExecutions;

/// <summary>A webhook's attempts, newest first.</summary>
public sealed record ListExecutionsQuery(
    Guid WebhookId, int Page = 1, int PageSize = PageRules.DefaultPageSize, ExecutionStatus? Status = null)
    : IQuery<PagedResponse<ExecutionResponse>>;

public sealed class ListExecutionsValidator : AbstractValidator<ListExecutionsQuery>
{
    public ListExecutionsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        RuleFor(q => q.Status).IsInEnum();
    }
}

public sealed class ListExecutionsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListExecutionsQuery, PagedResponse<ExecutionResponse>>
{
    public async ValueTask<PagedResponse<ExecutionResponse>> Handle(ListExecutionsQuery query, CancellationToken cancellationToken)
    {
        // 404 for a webhook that is not the caller's, before anything about its history is revealed.
        var webhook = await db.Webhooks.AsNoTracking().GetOwnedAsync(query.WebhookId, currentUser.Id, cancellationToken);

        var executions = db.Executions.AsNoTracking().Where(e => e.WebhookId == query.WebhookId && e.OwnerId == currentUser.Id);
        if (query.Status is { } status)
            executions = executions.Where(e => e.Status == status);

        // The history's part of the total is counted by the database as rows come and go; only the queue is counted here.
        var total = (webhook.Delivery?.HistoryCount(query.Status) ?? 0) + await CountQueuedAsync(query, cancellationToken);
        var page = await executions
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResponse<ExecutionResponse>(page.Select(ExecutionResponse.From).ToList(), query.Page, query.PageSize,
            (int)Math.Min(total, int.MaxValue));
    }

    private async Task<long> CountQueuedAsync(ListExecutionsQuery query, CancellationToken cancellationToken)
    {
        var queued = db.Queue.AsNoTracking().Where(q => q.WebhookId == query.WebhookId);
        return query.Status switch
        {
            null => await queued.CountAsync(cancellationToken),
            ExecutionStatus.Pending => await queued.CountAsync(q => q.LeaseOwner == null, cancellationToken),
            ExecutionStatus.Running => await queued.CountAsync(q => q.LeaseOwner != null, cancellationToken),
            _ => 0,
        };
    }
}
