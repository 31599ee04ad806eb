using CronHooks.Application.Audit.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Audit.ListAuditEntries;

/// <summary>The changes to the caller's own account, webhooks, calendars and API keys (also those an admin made), newest first.</summary>
public sealed record ListAuditEntriesQuery(string? EntityType = null, string? EntityId = null, int Page = 1, int PageSize = PageRules.DefaultPageSize)
    : IQuery<PagedResponse<AuditEntryResponse>>;

public sealed class ListAuditEntriesValidator : AbstractValidator<ListAuditEntriesQuery>
{
    public ListAuditEntriesValidator()
    {
        RuleFor(q => q.EntityType).MaximumLength(32);
        RuleFor(q => q.EntityId).MaximumLength(64);
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListAuditEntriesHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListAuditEntriesQuery, PagedResponse<AuditEntryResponse>>
{
    public async ValueTask<PagedResponse<AuditEntryResponse>> Handle(ListAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        return await db.AuditEntries.AsNoTracking().Where(a => a.OwnerId == owner)
            .PageAsync(db.Users.AsNoTracking(), query.EntityType, query.EntityId, query.Page, query.PageSize, cancellationToken);
    }
}
