using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Domain.Executions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.ListAllExecutions;

/// <summary>Every user's attempts, newest first, with the filter of the owner's own list (<see cref="ExecutionFilter"/>).</summary>
public sealed record ListAllExecutionsQuery(
    ExecutionStatus? Status = null, Guid? WebhookId = null, string? ErrorKind = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<AdminExecutionResponse>>
{
    public ExecutionFilter ToFilter() => new(Status, WebhookId, ErrorKind, From, To);
}

/// <summary>An attempt's outcome without what was sent or received (those are the owner's).</summary>
public sealed record AdminExecutionResponse(
    Guid Id, Guid WebhookId, Guid OwnerId, ExecutionStatus Status, int AttemptNumber, ExecutionTrigger Trigger,
    DateTimeOffset ScheduledFor, DateTimeOffset? ExecutedAt, int? DurationMs, int? ResponseCode, string? ErrorKind, string? ErrorMessage,
    DateTimeOffset CreatedAt);

public sealed class ListAllExecutionsValidator : AbstractValidator<ListAllExecutionsQuery>
{
    public ListAllExecutionsValidator()
    {
        this.ValidFilter(q => q.ToFilter());
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListAllExecutionsHandler(IApplicationDbContext db) : IQueryHandler<ListAllExecutionsQuery, PagedResponse<AdminExecutionResponse>>
{
    public async ValueTask<PagedResponse<AdminExecutionResponse>> Handle(ListAllExecutionsQuery query, CancellationToken cancellationToken)
    {
        var executions = query.ToFilter().Apply(db.Executions).AsNoTracking();
        var total = await executions.Take(ExecutionFilter.MaxCounted).CountAsync(cancellationToken);
        var page = await executions.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(e => new AdminExecutionResponse(e.Id, e.WebhookId, e.OwnerId, e.Status, e.AttemptNumber, e.Trigger, e.ScheduledFor,
                e.ExecutedAt, e.DurationMs, e.ResponseCode, e.ErrorKind, e.ErrorMessage, e.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResponse<AdminExecutionResponse>(page, query.Page, query.PageSize, total);
    }
}
