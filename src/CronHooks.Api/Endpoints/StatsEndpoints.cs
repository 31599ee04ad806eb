using CronHooks.Application.Stats.Common;
using CronHooks.Application.Stats.GetStats;
using CronHooks.Application.Stats.GetWebhookStats;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Stats").RequireAuthorization();
        group.MapGet("/webhooks/{id:guid}/stats", GetWebhookStats).WithName(nameof(GetWebhookStats))
            .WithSummary("How a webhook has been doing: counts, success rate, duration and lateness percentiles, top errors and a time series (window=24h|7d|30d).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/stats", GetStats).WithName(nameof(GetStats))
            .WithSummary("The same statistics across all your webhooks (window=24h|7d|30d).")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Ok<StatsResponse>> GetWebhookStats(
        Guid id, ISender sender, CancellationToken cancellationToken, string window = StatsWindow.Default) =>
        TypedResults.Ok(await sender.Send(new GetWebhookStatsQuery(id, window), cancellationToken));

    public static async Task<Ok<StatsResponse>> GetStats(
        ISender sender, CancellationToken cancellationToken, string window = StatsWindow.Default) =>
        TypedResults.Ok(await sender.Send(new GetStatsQuery(window), cancellationToken));
}
