using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.GetWebhook;

public sealed record GetWebhookQuery(Guid Id) : IQuery<WebhookResponse>;

public sealed class GetWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : IQueryHandler<GetWebhookQuery, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(GetWebhookQuery query, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().GetOwnedAsync(query.Id, currentUser.Id, cancellationToken);
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return webhook.ToResponse(schedules, holidays, secrets, clock.GetUtcNow());
    }
}
