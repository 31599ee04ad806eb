using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.ListUsers;

/// <summary>Every user, newest first; <c>search</c> matches username or email (case-insensitive).</summary>
public sealed record ListUsersQuery(string? Search = null, int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<AdminUserResponse>>;

public sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListUsersHandler(IApplicationDbContext db) : IQueryHandler<ListUsersQuery, PagedResponse<AdminUserResponse>>
{
    public async ValueTask<PagedResponse<AdminUserResponse>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Expression tree, translated to SQL lower() and LIKE (EF escapes % and _ in Contains).
            var term = query.Search.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
            users = users.Where(u => u.Username.ToLower().Contains(term) || u.Email.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await users.CountAsync(cancellationToken);
        var page = await users
            .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToAdminResponses(db)
            .ToListAsync(cancellationToken);
        return new PagedResponse<AdminUserResponse>(page, query.Page, query.PageSize, total);
    }
}

internal static class AdminUserProjection
{
    /// <summary>The users with their counts, computed by the database in the same query.</summary>
    public static IQueryable<AdminUserResponse> ToAdminResponses(this IQueryable<Domain.Users.User> users, IApplicationDbContext db) =>
#pragma warning disable CA1304, CA1311, CA1862 // EF translates ToLower() to SQL lower(), as login failures are keyed
        users.Select(u => new AdminUserResponse(
            u.Id, u.Username, u.Email, u.Role, u.CreatedAt, u.LastLoginAt, u.DisabledAt,
            db.LoginFailures.Count(f => f.Username == u.Username.ToLower()),
            db.WebhookCounts.Where(c => c.OwnerId == u.Id).Sum(c => (long)c.Count),
            db.Executions.LongCount(e => e.OwnerId == u.Id),
            u.AttemptsPerMinuteLimit, u.AttemptsPerHostPerMinuteLimit));
#pragma warning restore CA1304, CA1311, CA1862
}
