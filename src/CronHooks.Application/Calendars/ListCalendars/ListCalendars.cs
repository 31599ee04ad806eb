using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Calendars.ListCalendars;

public sealed record ListCalendarsQuery(int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<CalendarResponse>>;

public sealed class ListCalendarsValidator : AbstractValidator<ListCalendarsQuery>
{
    public ListCalendarsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListCalendarsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListCalendarsQuery, PagedResponse<CalendarResponse>>
{
    public async ValueTask<PagedResponse<CalendarResponse>> Handle(ListCalendarsQuery query, CancellationToken cancellationToken)
    {
        var calendars = db.Calendars.AsNoTracking().Where(c => c.OwnerId == currentUser.Id);
        var total = await calendars.CountAsync(cancellationToken);
        var page = await calendars
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResponse<CalendarResponse>(page.Select(CalendarResponse.From).ToList(), query.Page, query.PageSize, total);
    }
}
