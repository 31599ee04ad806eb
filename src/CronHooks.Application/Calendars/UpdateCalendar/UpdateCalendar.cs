using System.Text.Json.Serialization;
using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using Mediator;

namespace CronHooks.Application.Calendars.UpdateCalendar;

/// <summary>Replaces a calendar (PUT). Webhooks that use it follow the new days off from their next occurrence.</summary>
public sealed record UpdateCalendarCommand : CalendarDefinition, ICommand<CalendarResponse>, IAuditedCommand
{
    /// <summary>From the route, not the body.</summary>
    [JsonIgnore]
    public Guid Id { get; init; }
}

public sealed class UpdateCalendarValidator(IPublicHolidays publicHolidays) : CalendarDefinitionValidator<UpdateCalendarCommand>(publicHolidays);

public sealed class UpdateCalendarHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<UpdateCalendarCommand, CalendarResponse>
{
    public async ValueTask<CalendarResponse> Handle(UpdateCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = await db.Calendars.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        command.ApplyTo(calendar);
        calendar.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return CalendarResponse.From(calendar);
    }
}
