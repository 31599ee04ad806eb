using CronHooks.Application.Admin.Common;
using CronHooks.Application.Common.Paging;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Admin.ListAllWebhooks;

/// <summary>Every user's webhooks, newest first: by name, URL host, owner's username (each a case-insensitive substring) and state.</summary>
public sealed record ListAllWebhooksQuery(
    string? Name = null, string? Host = null, string? Owner = null, WebhookState? State = null,
    int Page = 1, int PageSize = PageRules.DefaultPageSize) : IQuery<PagedResponse<AdminWebhookResponse>>;

public sealed class ListAllWebhooksValidator : AbstractValidator<ListAllWebhooksQuery>
{
    public ListAllWebhooksValidator()
    {
        RuleFor(q => q.Name).MaximumLength(200);
        RuleFor(q => q.Host).MaximumLength(253);
        RuleFor(q => q.Owner).MaximumLength(64);
        RuleFor(q => q.State).IsInEnum();
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

public sealed class ListAllWebhooksHandler(IApplicationDbContext db) : IQueryHandler<ListAllWebhooksQuery, PagedResponse<AdminWebhookResponse>>
{
    public async ValueTask<PagedResponse<AdminWebhookResponse>> Handle(ListAllWebhooksQuery query, CancellationToken cancellationToken)
    {
        var rows = db.Webhooks.AsNoTracking().Join(db.Users, w => w.OwnerId, u => u.Id, (w, u) => new { Webhook = w, Owner = u.Username });
        // Case-insensitive substrings, translated to SQL lower() and LIKE (EF escapes % and _ in Contains).
#pragma warning disable CA1304, CA1311, CA1862
        if (Term(query.Name) is { } name)
            rows = rows.Where(r => r.Webhook.Name.ToLower().Contains(name));
        // The host follows "://": matching from there keeps paths and queries out of the search.
        if (Term(query.Host) is { } host)
            rows = rows.Where(r => r.Webhook.Url.ToLower().Contains("://" + host) || r.Webhook.Url.ToLower().Contains("." + host));
        if (Term(query.Owner) is { } owner)
            rows = rows.Where(r => r.Owner.ToLower().Contains(owner));
#pragma warning restore CA1304, CA1311, CA1862
        rows = query.State switch
        {
            WebhookState.Active => rows.Where(r => r.Webhook.IsActive && r.Webhook.CompletedAt == null),
            WebhookState.Cancelled => rows.Where(r => !r.Webhook.IsActive && r.Webhook.CompletedAt == null),
            WebhookState.Completed => rows.Where(r => r.Webhook.CompletedAt != null),
            _ => rows,
        };

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderByDescending(r => r.Webhook.CreatedAt).ThenBy(r => r.Webhook.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResponse<AdminWebhookResponse>(page.Select(r => AdminWebhookResponse.From(r.Webhook, r.Owner)).ToList(), query.Page, query.PageSize, total);
    }

    private static string? Term(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();
}
