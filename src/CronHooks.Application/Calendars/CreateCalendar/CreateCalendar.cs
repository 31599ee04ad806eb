using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Calendars;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.CreateCalendar;

public sealed record CreateCalendarCommand : CalendarDefinition, ICommand<CalendarResponse>, IAuditedCommand;

public sealed class CreateCalendarValidator(IPublicHolidays publicHolidays) : CalendarDefinitionValidator<CreateCalendarCommand>(publicHolidays);

public sealed class CreateCalendarHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateCalendarCommand, CalendarResponse>
{
    public async ValueTask<CalendarResponse> Handle(CreateCalendarCommand command, CancellationToken cancellationToken)
    {
        if (await db.Calendars.CountAsync(c => c.OwnerId == currentUser.Id, cancellationToken) >= Calendar.MaxPerUser)
            throw new ConflictException($"You have reached the limit of {Calendar.MaxPerUser} calendars; delete some before creating more.");
        var now = clock.GetUtcNow();
        var calendar = new Calendar { Id = Guid.CreateVersion7(), OwnerId = currentUser.Id, Name = "", CreatedAt = now, UpdatedAt = now };
        command.ApplyTo(calendar);
        db.Calendars.Add(calendar);
        await db.SaveChangesAsync(cancellationToken);
        return CalendarResponse.From(calendar);
    }
}
