using CronHooks.Application.ApiKeys.Common;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.ApiKeys.ListApiKeys;

/// <summary>The caller's API keys, newest first, revoked ones included (with <c>revokedAt</c>).</summary>
public sealed record ListApiKeysQuery : IQuery<IReadOnlyList<ApiKeyResponse>>;

public sealed class ListApiKeysHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListApiKeysQuery, IReadOnlyList<ApiKeyResponse>>
{
    public async ValueTask<IReadOnlyList<ApiKeyResponse>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == currentUser.Id)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .ToListAsync(cancellationToken);
        return keys.Select(ApiKeyResponse.From).ToList();
    }
}
