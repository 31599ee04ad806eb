using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Domain.Executions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Executions.ListAllExecutions;

/// <summary>
/// The caller's attempts across all their webhooks, newest first: with <c>status=failed</c>, the dead letters.
/// </summary>
public sealed record ListAllExecutionsQuery(
    ExecutionStatus? Status = null, Guid? WebhookId = null, string? ErrorKind = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<ExecutionResponse>>
{
    public ExecutionFilter ToFilter() => new(Status, WebhookId, ErrorKind, From, To);
}

public sealed class ListAllExecutionsValidator : AbstractValidator<ListAllExecutionsQuery>
{
    public ListAllExecutionsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        this.ValidFilter(q => q.ToFilter());
    }
}

public sealed class ListAllExecutionsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListAllExecutionsQuery, PagedResponse<ExecutionResponse>>
{
    public async ValueTask<PagedResponse<ExecutionResponse>> Handle(ListAllExecutionsQuery query, CancellationToken cancellationToken)
    {
        var executions = query.ToFilter().Apply(db, currentUser.Id).AsNoTracking();
        var total = await executions.Take(ExecutionFilter.MaxCounted).CountAsync(cancellationToken);
        var page = await executions
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResponse<ExecutionResponse>(page.Select(ExecutionResponse.From).ToList(), query.Page, query.PageSize, total);
    }
}
