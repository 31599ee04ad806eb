using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
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
        return ExecutionResponse.From(execution);
    }
}
