using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.GetCalendar;

public sealed record GetCalendarQuery(Guid Id) : IQuery<CalendarResponse>;

public sealed class GetCalendarHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<GetCalendarQuery, CalendarResponse>
{
    public async ValueTask<CalendarResponse> Handle(GetCalendarQuery query, CancellationToken cancellationToken) =>
        CalendarResponse.From(await db.Calendars.AsNoTracking().GetOwnedAsync(query.Id, currentUser.Id, cancellationToken));
}
