using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.DeleteCalendar;

/// <summary>
/// Deletes a calendar no webhook uses. One that is used answers 409 naming the webhooks: detaching it silently would
/// make them run on the holidays their owner set them up to avoid.
/// </summary>
public sealed record DeleteCalendarCommand(Guid Id) : ICommand, IAuditedCommand;

public sealed class DeleteCalendarHandler(IApplicationDbContext db, ICurrentUser currentUser) : ICommandHandler<DeleteCalendarCommand>
{
    private const int NamedInConflict = 10;

    public async ValueTask<Unit> Handle(DeleteCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = await db.Calendars.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var users = await db.Webhooks.AsNoTracking()
            .Where(w => w.OwnerId == currentUser.Id && w.CalendarIds.Contains(calendar.Id))
            .OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).Take(NamedInConflict + 1).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            var named = string.Join(", ", users.Take(NamedInConflict).Select(w => $"'{w.Name}' ({w.Id})"));
            throw new ConflictException(
                $"Calendar '{calendar.Name}' is used by webhooks {named}{(users.Count > NamedInConflict ? " and more" : "")}; remove it from their calendarIds first.");
        }
        db.Calendars.Remove(calendar);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
