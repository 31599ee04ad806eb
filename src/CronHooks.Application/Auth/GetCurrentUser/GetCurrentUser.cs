using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Auth.GetCurrentUser;

public sealed record GetCurrentUserQuery : IQuery<UserResponse>;

public sealed class GetCurrentUserHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<GetCurrentUserQuery, UserResponse>
{
    public async ValueTask<UserResponse> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == currentUser.Id, cancellationToken)
            ?? throw new NotFoundException("User", currentUser.Id);
        return UserResponse.From(user);
    }
}
