using CronHooks.Application.Webhooks.BackfillWebhook;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Application.Webhooks.PauseOwnedWebhook;
using CronHooks.Application.Webhooks.SkipOccurrences;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CronHooks.Api.Endpoints;

/// <summary>An owner's pause, skip and backfill of a webhook: what a schedule does besides running on time.</summary>
internal static class WebhookPauseEndpoints
{
    public static IEndpointRouteBuilder MapWebhookPauseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization();
        group.MapPost("/{id:guid}/pause", PauseOwnedWebhook).WithName(nameof(PauseOwnedWebhook))
            .WithSummary("Pause a webhook with an optional note and an optional instant it resumes by itself (until); each occurrence due meanwhile is recorded skipped (kind paused). Resume ends it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/skip", SkipOccurrences).WithName(nameof(SkipOccurrences))
            .WithSummary("Record the next count scheduled occurrences skipped (kind paused) instead of sending them; skipNext counts down. 0 cancels.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/backfill", BackfillWebhook).WithName(nameof(BackfillWebhook))
            .WithSummary("Queue the schedule's occurrences in a past range [from, to] (at most 1,000), oldest first, trigger backfill; an occurrence already queued or sent is not queued again.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<WebhookResponse>> PauseOwnedWebhook(
        Guid id, ISender sender, CancellationToken cancellationToken,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PauseRequest? request = null) =>
        TypedResults.Ok(await sender.Send(new PauseOwnedWebhookCommand(id, request?.Note, request?.Until), cancellationToken));

    public static async Task<Ok<WebhookResponse>> SkipOccurrences(Guid id, SkipRequest request, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new SkipOccurrencesCommand(id, request.Count), cancellationToken));

    public static async Task<Ok<BackfillResponse>> BackfillWebhook(Guid id, BackfillRequest request, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new BackfillWebhookCommand(id, request.From, request.To), cancellationToken));
}

/// <summary>Why the webhook is paused (shown on it, up to 500 characters), and when it resumes by itself (omit to stay paused until resumed).</summary>
internal sealed record PauseRequest(string? Note, DateTimeOffset? Until);

/// <summary>How many of the next scheduled occurrences to record skipped instead of sending, 0–1000.</summary>
internal sealed record SkipRequest(int? Count);

/// <summary>The past range whose occurrences to queue, both ends included; to must not be after now.</summary>
internal sealed record BackfillRequest(DateTimeOffset? From, DateTimeOffset? To);
