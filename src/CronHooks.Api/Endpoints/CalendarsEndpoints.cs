using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Calendars.CreateCalendar;
using CronHooks.Application.Calendars.DeleteCalendar;
using CronHooks.Application.Calendars.GetCalendar;
using CronHooks.Application.Calendars.ListCalendars;
using CronHooks.Application.Calendars.UpdateCalendar;
using CronHooks.Application.Common.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class CalendarsEndpoints
{
    public static IEndpointRouteBuilder MapCalendarsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/calendars").WithTags("Calendars").RequireAuthorization();
        group.MapPost("/", CreateCalendar).WithName(nameof(CreateCalendar))
            .WithSummary("Create a calendar of days off (explicit dates and/or a country's public holidays) for webhooks to avoid.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListCalendars).WithName(nameof(ListCalendars))
            .WithSummary("List your calendars by name.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetCalendar).WithName(nameof(GetCalendar))
            .WithSummary("Get a calendar.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", UpdateCalendar).WithName(nameof(UpdateCalendar))
            .WithSummary("Replace a calendar; webhooks that use it follow the new days off from their next occurrence.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", DeleteCalendar).WithName(nameof(DeleteCalendar))
            .WithSummary("Delete a calendar; one that webhooks use answers 409 naming them.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Created<CalendarResponse>> CreateCalendar(CreateCalendarCommand command, ISender sender, CancellationToken cancellationToken)
    {
        var calendar = await sender.Send(command, cancellationToken);
        return TypedResults.Created($"/api/v1/calendars/{calendar.Id}", calendar);
    }

    public static async Task<Ok<PagedResponse<CalendarResponse>>> ListCalendars(
        ISender sender, CancellationToken cancellationToken, int page = 1, int pageSize = PageRules.DefaultPageSize) =>
        TypedResults.Ok(await sender.Send(new ListCalendarsQuery(page, pageSize), cancellationToken));

    public static async Task<Ok<CalendarResponse>> GetCalendar(Guid id, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCalendarQuery(id), cancellationToken));

    public static async Task<Ok<CalendarResponse>> UpdateCalendar(Guid id, UpdateCalendarCommand command, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command with { Id = id }, cancellationToken));

    public static async Task<NoContent> DeleteCalendar(Guid id, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteCalendarCommand(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
