using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Domain.Callbacks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Executions.GetExecution;

public sealed record GetExecutionQuery(Guid Id) : IQuery<ExecutionResponse>;

public sealed class GetExecutionHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<GetExecutionQuery, ExecutionResponse>
{
    public async ValueTask<ExecutionResponse> Handle(GetExecutionQuery query, CancellationToken cancellationToken)
    {
        var execution = await db.Executions.AsNoTracking()
            .SingleOrDefaultAsync(e => e.Id == query.Id && e.OwnerId == currentUser.Id, cancellationToken)
            ?? throw new NotFoundException("Execution", query.Id);
        // Callbacks ride the alerts queue; their partial index on execution_id keeps this cheap.
        var callbacks = await db.Alerts.AsNoTracking()
            .Where(a => a.ExecutionId == execution.Id && a.OwnerId == currentUser.Id
                        && (a.Kind == CallbackKinds.Attempt || a.Kind == CallbackKinds.Failure))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Kind)
            .Select(a => new { a.Id, a.Kind, a.Status, a.Attempts, a.LastResponseCode, a.LastErrorKind, a.LastErrorMessage, a.CreatedAt, a.SentAt })
            .ToListAsync(cancellationToken);
        return ExecutionResponse.From(execution) with
        {
            Callbacks = [.. callbacks.Select(c => new ExecutionCallbackResponse(c.Id, CallbackKinds.Target(c.Kind), CallbackStatuses.Of(c.Status), c.Attempts,
                c.LastResponseCode, c.LastErrorKind, c.LastErrorMessage, c.CreatedAt, c.SentAt))],
        };
    }
}
