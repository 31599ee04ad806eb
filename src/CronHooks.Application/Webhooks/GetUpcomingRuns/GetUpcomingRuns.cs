using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Schedules.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.GetUpcomingRuns;

/// <summary>The next runs the scheduler will enqueue for a webhook, honouring its window, each at its jittered instant.</summary>
public sealed record GetUpcomingRunsQuery(Guid Id, int Count = 10) : IQuery<OccurrencesResponse>;

public sealed class GetUpcomingRunsValidator : AbstractValidator<GetUpcomingRunsQuery>
{
    public GetUpcomingRunsValidator() => RuleFor(q => q.Count).InclusiveBetween(1, OccurrencesResponse.MaxCount);
}

public sealed class GetUpcomingRunsHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays, TimeProvider clock)
    : IQueryHandler<GetUpcomingRunsQuery, OccurrencesResponse>
{
    public async ValueTask<OccurrencesResponse> Handle(GetUpcomingRunsQuery query, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().GetOwnedAsync(query.Id, currentUser.Id, cancellationToken);
        var zone = TimeZones.Find(webhook.TimeZone);
        var now = clock.GetUtcNow();
        if (webhook.State != WebhookState.Active)
            return new OccurrencesResponse([]);

        if (webhook.ScheduleType == ScheduleType.Recurring && webhook.CalendarIds.Count > 0)
        {
            // A calendar deleted meanwhile is ignored here as by the engine.
            var ids = webhook.CalendarIds;
            var calendars = await db.Calendars.AsNoTracking().Where(c => c.OwnerId == webhook.OwnerId && ids.Contains(c.Id)).ToListAsync(cancellationToken);
            return OccurrencesResponse.From(HolidayOccurrences.Upcoming(schedules, new HolidayRule(calendars, publicHolidays), webhook.OnHoliday,
                webhook.CronExpression!, zone, now, query.Count, webhook.StartsAt, webhook.EndsAt), zone);
        }

        if (webhook.ScheduleType == ScheduleType.Once)
            return OccurrencesResponse.From(webhook.ScheduledAt > now ? [webhook.ScheduledAt.Value] : [], zone);
        return OccurrencesResponse.From(ScheduledRuns.Next(webhook, schedules, now, query.Count), zone);
    }
}
