using CronHooks.Application.Audit.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Audit;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.ListAllAuditEntries;

/// <summary>The whole audit log, newest first; narrowed by entity, by the owner of what changed, by actor or by actor kind.</summary>
public sealed record ListAllAuditEntriesQuery(
    string? EntityType = null, string? EntityId = null, Guid? OwnerId = null, Guid? ActorId = null, AuditActorKind? ActorKind = null,
    int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<AuditEntryResponse>>;

public sealed class ListAllAuditEntriesValidator : AbstractValidator<ListAllAuditEntriesQuery>
{
    public ListAllAuditEntriesValidator()
    {
        RuleFor(q => q.EntityType).MaximumLength(32);
        RuleFor(q => q.EntityId).MaximumLength(64);
        RuleFor(q => q.ActorKind).IsInEnum();
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListAllAuditEntriesHandler(IApplicationDbContext db) : IQueryHandler<ListAllAuditEntriesQuery, PagedResponse<AuditEntryResponse>>
{
    public async ValueTask<PagedResponse<AuditEntryResponse>> Handle(ListAllAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.OwnerId is { } owner)
            entries = entries.Where(a => a.OwnerId == owner);
        if (query.ActorId is { } actor)
            entries = entries.Where(a => a.ActorId == actor);
        if (query.ActorKind is { } kind)
            entries = entries.Where(a => a.ActorKind == kind);
        return await entries.PageAsync(db.Users.AsNoTracking(), query.EntityType, query.EntityId, query.Page, query.PageSize, cancellationToken);
    }
}
