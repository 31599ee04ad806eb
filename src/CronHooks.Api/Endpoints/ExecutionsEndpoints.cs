using CronHooks.Application.Executions.Common;
using CronHooks.Application.Executions.GetExecution;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class ExecutionsEndpoints
{
    public static IEndpointRouteBuilder MapExecutionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/executions").WithTags("Executions").RequireAuthorization();
        group.MapGet("/{id:guid}", GetExecution).WithName(nameof(GetExecution)).WithSummary("Get one attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<ExecutionResponse>> GetExecution(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetExecutionQuery(id), cancellationToken));
}
