using CronHooks.Api.OpenApi;
using CronHooks.Application.Schedules.Common;
using CronHooks.Application.Schedules.PreviewSchedule;
using CronHooks.Domain.Webhooks;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class SchedulesEndpoints
{
    public static IEndpointRouteBuilder MapSchedulesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/schedules").WithTags("Schedules").RequireAuthorization();
        group.MapGet("/preview", PreviewSchedule).WithName(nameof(PreviewSchedule))
            .WithSummary("The next times a cron expression (in a time zone) or an interval fires; with a webhook id or jitter, when they are sent; with calendarIds (and onHoliday), days off removed or moved as a webhook with them would run.")
            .WithQueryEnum<OnHoliday>("onHoliday")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<OccurrencesResponse>> PreviewSchedule(
        ISender sender, CancellationToken cancellationToken, string? cronExpression = null, string? timezone = null, int count = 10,
        int? intervalSeconds = null, DateTimeOffset? anchor = null, int? jitterSeconds = null, Guid? webhookId = null,
        Guid[]? calendarIds = null, string? onHoliday = null) =>
        TypedResults.Ok(await sender.Send(
            new PreviewScheduleQuery(cronExpression, timezone, count, calendarIds, QueryEnum.Parse<OnHoliday>(onHoliday, nameof(onHoliday)))
            {
                IntervalSeconds = intervalSeconds, Anchor = anchor, JitterSeconds = jitterSeconds, WebhookId = webhookId,
            }, cancellationToken));
}
