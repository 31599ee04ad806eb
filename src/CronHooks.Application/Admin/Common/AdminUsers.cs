using CronHooks.Application.Common.Errors;
using CronHooks.Application.Admin.ListUsers;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.Common;

internal static class AdminUsers
{
    /// <summary>The user, tracked, or 404.</summary>
    public static async Task<User> GetUserAsync(this IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) ?? throw new NotFoundException("User", id);

    /// <summary>An installation always keeps one enabled admin, or nobody could undo the change (409).</summary>
    public static async Task EnsureAnotherAdminRemainsAsync(this IApplicationDbContext db, User leaving, string change, CancellationToken cancellationToken)
    {
        if (leaving.Role != UserRole.Admin || leaving.DisabledAt is not null)
            return;
        if (!await db.Users.AnyAsync(u => u.Id != leaving.Id && u.Role == UserRole.Admin && u.DisabledAt == null, cancellationToken))
            throw new ConflictException($"'{leaving.Username}' is the last enabled admin; {change} would leave nobody to run this CronHooks. Make another user admin first.");
    }
}

internal static class AdminUserReads
{
    /// <summary>The user as the admin list shows them, after a change.</summary>
    public static async Task<AdminUserResponse> GetAdminUserAsync(this IApplicationDbContext db, User user, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == user.Id).ToAdminResponses(db).SingleAsync(cancellationToken);
}
