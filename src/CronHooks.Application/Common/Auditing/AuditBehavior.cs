using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Audit;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Common.Auditing;

/// <summary>
/// The one home of the audit log: while an <see cref="IAuditedCommand"/> runs, every save of the request's context
/// first adds an audit row per changed webhook, calendar, API key or user (<see cref="AuditRecorder"/>), so the row commits or
/// rolls back with the change itself. A command nested in another (a patch sends a replace) is recorded as the outer one.
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(IApplicationDbContext db, AuditScope scope, IRequestOrigin origin, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string ActionName = typeof(TMessage).Name.EndsWith("Command", StringComparison.Ordinal)
        ? typeof(TMessage).Name[..^"Command".Length]
        : typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IAuditedCommand || scope.Action is not null)
            return await next(message, cancellationToken);

        scope.Action = ActionName;
        scope.ActorKind = message is IAdminCommand ? AuditActorKind.Admin
            : origin.UserId is not null || origin.ClientAddress is not null ? AuditActorKind.User
            : AuditActorKind.System;
        db.SavingChanges += Record;
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            db.SavingChanges -= Record;
            scope.Action = null;
            scope.Notes.Clear();
        }
    }

    private void Record(object? sender, SavingChangesEventArgs e) => AuditRecorder.Record(db, scope, origin, clock.GetUtcNow());
}
