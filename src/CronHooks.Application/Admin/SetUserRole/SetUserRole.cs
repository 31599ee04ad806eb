using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.Admin.SetUserRole;

/// <summary>Makes a user an admin or a plain user again; the last enabled admin stays one (409).</summary>
public sealed record SetUserRoleCommand(Guid UserId, UserRole? Role) : ICommand<AdminUserResponse>, IAdminCommand;

public sealed class SetUserRoleValidator : AbstractValidator<SetUserRoleCommand>
{
    public SetUserRoleValidator() => RuleFor(c => c.Role).NotNull().IsInEnum();
}

public sealed class SetUserRoleHandler(IApplicationDbContext db) : ICommandHandler<SetUserRoleCommand, AdminUserResponse>
{
    public async ValueTask<AdminUserResponse> Handle(SetUserRoleCommand command, CancellationToken cancellationToken)
    {
        var user = await db.GetUserAsync(command.UserId, cancellationToken);
        if (user.Role != command.Role)
        {
            if (command.Role != UserRole.Admin)
                await db.EnsureAnotherAdminRemainsAsync(user, "taking their admin role", cancellationToken);
            user.Role = command.Role!.Value;
            await db.SaveChangesAsync(cancellationToken);
        }
        return await db.GetAdminUserAsync(user, cancellationToken);
    }
}
