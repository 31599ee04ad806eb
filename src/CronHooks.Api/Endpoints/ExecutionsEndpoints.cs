using CronHooks.Api.OpenApi;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Executions.GetExecution;
using CronHooks.Application.Executions.ListAllExecutions;
using CronHooks.Application.Executions.RedeliverExecution;
using CronHooks.Application.Executions.RedeliverExecutions;
using CronHooks.Domain.Executions;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class ExecutionsEndpoints
{
    public static IEndpointRouteBuilder MapExecutionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/executions").WithTags("Executions").RequireAuthorization();
        group.MapGet("/", ListAllExecutions).WithName(nameof(ListAllExecutions))
            .WithSummary("Your attempts across all webhooks, newest first; status=failed lists the dead letters. totalCount counts up to 10,000.")
            .WithQueryEnum<ExecutionStatus>("status")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetExecution).WithName(nameof(GetExecution)).WithSummary("Get one attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/redeliver", RedeliverExecution).WithName(nameof(RedeliverExecution))
            .WithSummary("Send a failed or skipped occurrence again: one new attempt, due now, with the same webhook-id (409 if a later attempt exists or the webhook is cancelled or deleted).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/redeliver", RedeliverExecutions).WithName(nameof(RedeliverExecutions))
            .WithSummary("Redeliver the undelivered occurrences a filter finds (failed by default), newest first, at most limit (≤ 1,000); answers how many were queued.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<PagedResponse<ExecutionResponse>>> ListAllExecutions(
        ISender sender, CancellationToken cancellationToken, string? status = null, Guid? webhookId = null, string? errorKind = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(new ListAllExecutionsQuery(
            QueryEnum.Parse<ExecutionStatus>(status, nameof(status)), webhookId, errorKind, from, to, page, pageSize), cancellationToken));

    public static async Task<Ok<ExecutionResponse>> GetExecution(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetExecutionQuery(id), cancellationToken));

    public static async Task<Accepted<ExecutionResponse>> RedeliverExecution(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        var execution = await sender.Send(new RedeliverExecutionCommand(id), cancellationToken);
        return TypedResults.Accepted($"/api/v1/executions/{execution.Id}", execution);
    }

    public static async Task<Ok<RedeliveryResponse>> RedeliverExecutions(RedeliverExecutionsCommand command, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command, cancellationToken));
}
