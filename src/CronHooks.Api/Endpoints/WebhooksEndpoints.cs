using System.Text.Json;
using CronHooks.Api.OpenApi;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Executions.ListExecutions;
using CronHooks.Application.Schedules.Common;
using CronHooks.Application.Webhooks.CancelWebhook;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Application.Webhooks.CreateWebhook;
using CronHooks.Application.Webhooks.DeleteWebhook;
using CronHooks.Application.Webhooks.GetUpcomingRuns;
using CronHooks.Application.Webhooks.GetWebhook;
using CronHooks.Application.Webhooks.ListWebhooks;
using CronHooks.Application.Webhooks.PatchWebhook;
using CronHooks.Application.Webhooks.ResumeWebhook;
using CronHooks.Application.Webhooks.RotateSigningSecret;
using CronHooks.Application.Webhooks.TestWebhook;
using CronHooks.Application.Webhooks.TriggerWebhook;
using CronHooks.Application.Webhooks.UpdateWebhook;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization();
        group.MapPost("/", CreateWebhook).WithName(nameof(CreateWebhook))
            .WithSummary("Create a webhook that is called once or on a cron schedule.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListWebhooks).WithName(nameof(ListWebhooks))
            .WithSummary("List your webhooks, newest first, each with its last result and 24-hour success rate; search matches name or URL, key matches exactly.")
            .WithQueryEnum<ScheduleType>("scheduleType")
            .WithQueryEnum<WebhookState>("state")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetWebhook).WithName(nameof(GetWebhook))
            .WithSummary("Get a webhook.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", UpdateWebhook).WithName(nameof(UpdateWebhook))
            .WithSummary("Replace a webhook's definition.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPatch("/{id:guid}", PatchWebhook).WithName(nameof(PatchWebhook))
            // Documents the body the handler reads by hand; Accepts also enforces these media types (415 otherwise).
            .Accepts<WebhookMergePatch>("application/merge-patch+json", "application/json")
            .WithSummary("Change some fields of a webhook (JSON merge patch).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:guid}", DeleteWebhook).WithName(nameof(DeleteWebhook))
            .WithSummary("Delete a webhook; its execution history is kept.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", CancelWebhook).WithName(nameof(CancelWebhook))
            .WithSummary("Stop a webhook's schedule and pending retries.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/resume", ResumeWebhook).WithName(nameof(ResumeWebhook))
            .WithSummary("Make a cancelled webhook active again; a completed one-time webhook answers 409 (give it a new scheduledAt instead).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/trigger", TriggerWebhook).WithName(nameof(TriggerWebhook))
            .WithSummary("Run a webhook now, once, outside its schedule.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/test", TestWebhook).WithName(nameof(TestWebhook))
            .WithSummary("Send a webhook definition once, now, without saving it, and get the receiver's answer; nothing is recorded. Signed with a throwaway secret.")
            .RequireRateLimiting(RateLimits.TestSendsPerUser)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{id:guid}/test", TestSavedWebhook).WithName(nameof(TestSavedWebhook))
            .WithSummary("Send a saved webhook once, now, as its next attempt would go, and get the receiver's answer; nothing is recorded.")
            .RequireRateLimiting(RateLimits.TestSendsPerUser)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{id:guid}/rotate-secret", RotateSigningSecret).WithName(nameof(RotateSigningSecret))
            .WithSummary("Replace the signing secret; the new one is shown once, the old one keeps signing for 24 hours.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/executions", ListExecutions).WithName(nameof(ListExecutions))
            .WithSummary("A webhook's attempts, newest first.")
            .WithQueryEnum<ExecutionStatus>("status")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/upcoming", GetUpcomingRuns).WithName(nameof(GetUpcomingRuns))
            .WithSummary("The next times the webhook will run.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<WebhookResponse>> CreateWebhook(CreateWebhookCommand command, ISender sender, CancellationToken cancellationToken)
    {
        var webhook = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/{webhook.Id}", webhook);
    }

    public static async Task<Ok<PagedResponse<WebhookResponse>>> ListWebhooks(
        ISender sender, CancellationToken cancellationToken,
        int page = 1, int pageSize = PageRules.DefaultPageSize, bool? isActive = null, string? scheduleType = null, string? search = null,
        string? state = null, string? key = null) =>
        TypedResults.Ok(await sender.Send(
            new ListWebhooksQuery(page, pageSize, isActive, QueryEnum.Parse<ScheduleType>(scheduleType, nameof(scheduleType)), search,
                QueryEnum.Parse<WebhookState>(state, nameof(state)), key), cancellationToken));

    public static async Task<Ok<WebhookResponse>> GetWebhook(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetWebhookQuery(id), cancellationToken));

    public static async Task<Ok<WebhookResponse>> UpdateWebhook(Guid id, UpdateWebhookCommand command, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command with { Id = id }, cancellationToken));

    public static async Task<Ok<WebhookResponse>> PatchWebhook(Guid id, HttpRequest request, ISender sender, CancellationToken cancellationToken)
    {
        // Read by hand: minimal APIs bind JSON bodies only for application/json, and merge patch has its own media type.
        JsonElement patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, CronHooksJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
        return TypedResults.Ok(await sender.Send(new PatchWebhookCommand(id, patch), cancellationToken));
    }

    public static async Task<NoContent> DeleteWebhook(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteWebhookCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<WebhookResponse>> CancelWebhook(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new CancelWebhookCommand(id), cancellationToken));

    public static async Task<Ok<WebhookResponse>> ResumeWebhook(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ResumeWebhookCommand(id), cancellationToken));

    public static async Task<Accepted<ExecutionResponse>> TriggerWebhook(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        var execution = await sender.Send(new TriggerWebhookCommand(id), cancellationToken);
        return TypedResults.Accepted($"/api/v1/executions/{execution.Id}", execution);
    }

    public static async Task<Ok<WebhookTestResponse>> TestWebhook(TestWebhookCommand command, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command, cancellationToken));

    public static async Task<Ok<WebhookTestResponse>> TestSavedWebhook(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new TestSavedWebhookCommand(id), cancellationToken));

    public static async Task<Ok<SigningSecretResponse>> RotateSigningSecret(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new RotateSigningSecretCommand(id), cancellationToken));

    public static async Task<Ok<PagedResponse<ExecutionResponse>>> ListExecutions(
        Guid id, ISender sender, CancellationToken cancellationToken,
        int page = 1, int pageSize = PageRules.DefaultPageSize, string? status = null) =>
        TypedResults.Ok(await sender.Send(
            new ListExecutionsQuery(id, page, pageSize, QueryEnum.Parse<ExecutionStatus>(status, nameof(status))), cancellationToken));

    public static async Task<Ok<OccurrencesResponse>> GetUpcomingRuns(Guid id, ISender sender, CancellationToken cancellationToken, int count = 10) =>
        TypedResults.Ok(await sender.Send(new GetUpcomingRunsQuery(id, count), cancellationToken));
}
