using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.GrantAdmin;

/// <summary>
/// Makes a user admin from the command line (<c>CronHooks.Api.dll admin grant &lt;username&gt;</c>): how the first admin
/// is made, since registering never grants it. Recorded with actor kind system. Idempotent.
/// </summary>
public sealed record GrantAdminCommand(string Username) : ICommand<bool>, IAuditedCommand;

public sealed class GrantAdminHandler(IApplicationDbContext db) : ICommandHandler<GrantAdminCommand, bool>
{
    public async ValueTask<bool> Handle(GrantAdminCommand command, CancellationToken cancellationToken)
    {
        var lowered = command.Username.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF translates ToLower() to SQL lower(), which the unique index covers
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username.ToLower() == lowered, cancellationToken)
#pragma warning restore CA1304, CA1311, CA1862
            ?? throw new NotFoundException("User", command.Username);
        if (user.Role == UserRole.Admin)
            return false;
        user.Role = UserRole.Admin;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
