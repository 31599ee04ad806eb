using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Audit;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.UnlockUser;

/// <summary>Clears a user's failed logins, so a locked-out user can sign in at once.</summary>
public sealed record UnlockUserCommand(Guid UserId) : ICommand<AdminUserResponse>, IAdminCommand;

public sealed class UnlockUserHandler(IApplicationDbContext db, AuditScope audit) : ICommandHandler<UnlockUserCommand, AdminUserResponse>
{
    public async ValueTask<AdminUserResponse> Handle(UnlockUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.GetUserAsync(command.UserId, cancellationToken);
        var key = user.Username.ToLowerInvariant(); // failures are kept under the lower-cased name given at login
        var failures = await db.LoginFailures.Where(f => f.Username == key).ToListAsync(cancellationToken);
        if (failures.Count > 0)
        {
            db.LoginFailures.RemoveRange(failures);
            audit.Note(AuditEntityTypes.User, user.Id, user.Id, "failedLogins", failures.Count, 0);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await db.GetAdminUserAsync(user, cancellationToken);
    }
}
