using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.ApiKeys.RevokeApiKey;

/// <summary>Revokes one of the caller's keys at once; revoking again changes nothing. Another user's key is 404.</summary>
public sealed record RevokeApiKeyCommand(Guid Id) : ICommand, IAuditedCommand;

public sealed class RevokeApiKeyHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<RevokeApiKeyCommand>
{
    public async ValueTask<Unit> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.Id && k.OwnerId == currentUser.Id, cancellationToken)
            ?? throw new NotFoundException("API key", command.Id);
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
