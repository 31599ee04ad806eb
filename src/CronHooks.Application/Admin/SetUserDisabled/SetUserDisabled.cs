using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using Mediator;

namespace CronHooks.Application.Admin.SetUserDisabled;

/// <summary>
/// Disables a user (their tokens and keys stop working at once and their webhooks' attempts are recorded skipped,
/// owner_disabled) or enables them again. Idempotent. The last enabled admin cannot be disabled (409).
/// </summary>
public sealed record DisableUserCommand(Guid UserId) : ICommand<AdminUserResponse>, IAdminCommand;

/// <summary>Lets a disabled user sign in again; their webhooks fire again from their next occurrence.</summary>
public sealed record EnableUserCommand(Guid UserId) : ICommand<AdminUserResponse>, IAdminCommand;

public sealed class SetUserDisabledHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<DisableUserCommand, AdminUserResponse>, ICommandHandler<EnableUserCommand, AdminUserResponse>
{
    public async ValueTask<AdminUserResponse> Handle(DisableUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.GetUserAsync(command.UserId, cancellationToken);
        if (user.DisabledAt is null)
        {
            await db.EnsureAnotherAdminRemainsAsync(user, "disabling them", cancellationToken);
            user.DisabledAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return await db.GetAdminUserAsync(user, cancellationToken);
    }

    public async ValueTask<AdminUserResponse> Handle(EnableUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.GetUserAsync(command.UserId, cancellationToken);
        if (user.DisabledAt is not null)
        {
            user.DisabledAt = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        return await db.GetAdminUserAsync(user, cancellationToken);
    }
}
