using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.ListWebhooks;

public sealed record ListWebhooksQuery(
    int Page = 1, int PageSize = PageRules.DefaultPageSize, bool? IsActive = null, ScheduleType? ScheduleType = null)
    : IQuery<PagedResponse<WebhookResponse>>;

public sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        RuleFor(q => q.ScheduleType).IsInEnum();
    }
}

public sealed class ListWebhooksHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, ISecretProtector secrets, TimeProvider clock)
    : IQueryHandler<ListWebhooksQuery, PagedResponse<WebhookResponse>>
{
    public async ValueTask<PagedResponse<WebhookResponse>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var webhooks = db.Webhooks.AsNoTracking().Where(w => w.OwnerId == currentUser.Id);
        if (query.IsActive is { } isActive)
            webhooks = webhooks.Where(w => w.IsActive == isActive);
        if (query.ScheduleType is { } scheduleType)
            webhooks = webhooks.Where(w => w.ScheduleType == scheduleType);

        var total = await webhooks.CountAsync(cancellationToken);
        var page = await webhooks
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        return new PagedResponse<WebhookResponse>(
            page.Select(w => w.ToResponse(schedules, secrets, now)).ToList(), query.Page, query.PageSize, total);
    }
}
