using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.ListWebhooks;

public sealed record ListWebhooksQuery(
    int Page = 1, int PageSize = PageRules.DefaultPageSize, bool? IsActive = null, ScheduleType? ScheduleType = null,
    string? Search = null, WebhookState? State = null, string? Key = null)
    : IQuery<PagedResponse<WebhookResponse>>;

public sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        RuleFor(q => q.ScheduleType).IsInEnum();
        RuleFor(q => q.State).IsInEnum();
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Key).MaximumLength(Webhook.MaxKeyLength);
    }
}

public sealed class ListWebhooksHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : IQueryHandler<ListWebhooksQuery, PagedResponse<WebhookResponse>>
{
    public async ValueTask<PagedResponse<WebhookResponse>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var webhooks = db.Webhooks.AsNoTracking().Where(w => w.OwnerId == currentUser.Id);
        if (query.IsActive is { } isActive)
            webhooks = webhooks.Where(w => w.IsActive == isActive);
        // Spelled out for SQL: the entity's State is computed in memory.
        webhooks = query.State switch
        {
            WebhookState.Active => webhooks.Where(w => w.IsActive && w.CompletedAt == null),
            WebhookState.Cancelled => webhooks.Where(w => !w.IsActive && w.CompletedAt == null),
            WebhookState.Completed => webhooks.Where(w => w.CompletedAt != null),
            _ => webhooks,
        };
        if (!string.IsNullOrEmpty(query.Key))
            webhooks = webhooks.Where(w => w.Key == query.Key);
        if (query.ScheduleType is { } scheduleType)
            webhooks = webhooks.Where(w => w.ScheduleType == scheduleType);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // A plain, case-insensitive substring of the name or URL (EF escapes % and _ in Contains).
            var term = query.Search.Trim().ToLowerInvariant();
            // Expression tree, translated to SQL lower() and LIKE: the culture and comparison overloads do not apply there.
#pragma warning disable CA1304, CA1311, CA1862
            webhooks = webhooks.Where(w => w.Name.ToLower().Contains(term) || w.Url.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await webhooks.CountAsync(cancellationToken);
        var page = await webhooks
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var activity = await WebhookActivityReader.ReadAsync(db, page, now, cancellationToken);
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, page, cancellationToken);
        return new PagedResponse<WebhookResponse>(
            page.Select(w => w.ToResponse(schedules, holidays, secrets, now) with { Activity = activity[w.Id] }).ToList(),
            query.Page, query.PageSize, total);
    }
}
