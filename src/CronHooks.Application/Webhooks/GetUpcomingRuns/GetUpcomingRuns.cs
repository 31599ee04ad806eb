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

/// <summary>The next runs the scheduler will send for a webhook, honouring its window and calendars, each at its jittered instant.</summary>
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
        if (webhook.ScheduleType == ScheduleType.Once)
            return OccurrencesResponse.From(webhook.ScheduledAt > now ? [webhook.ScheduledAt.Value] : [], zone);

        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return OccurrencesResponse.From(ScheduledRuns.Next(webhook, schedules, holidays.For(webhook), now, query.Count), zone);
    }
}
