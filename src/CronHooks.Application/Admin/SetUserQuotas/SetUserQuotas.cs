using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.Admin.SetUserQuotas;

/// <summary>
/// Overrides the account quotas for one user; null (or left out) returns a quota to the installation's setting
/// (Quotas:AttemptsPerOwnerPerMinute, Quotas:AttemptsPerHostPerMinute). Deliveries use the new values from the next claim.
/// </summary>
public sealed record SetUserQuotasCommand(Guid UserId, int? AttemptsPerMinute = null, int? AttemptsPerHostPerMinute = null)
    : ICommand<AdminUserResponse>, IAdminCommand;

public sealed class SetUserQuotasValidator : AbstractValidator<SetUserQuotasCommand>
{
    public SetUserQuotasValidator()
    {
        RuleFor(c => c.AttemptsPerMinute).InclusiveBetween(1, 100_000_000);
        RuleFor(c => c.AttemptsPerHostPerMinute).InclusiveBetween(1, 100_000_000);
    }
}

public sealed class SetUserQuotasHandler(IApplicationDbContext db) : ICommandHandler<SetUserQuotasCommand, AdminUserResponse>
{
    public async ValueTask<AdminUserResponse> Handle(SetUserQuotasCommand command, CancellationToken cancellationToken)
    {
        var user = await db.GetUserAsync(command.UserId, cancellationToken);
        user.AttemptsPerMinuteLimit = command.AttemptsPerMinute;
        user.AttemptsPerHostPerMinuteLimit = command.AttemptsPerHostPerMinute;
        await db.SaveChangesAsync(cancellationToken);
        return await db.GetAdminUserAsync(user, cancellationToken);
    }
}
