using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Admin.Common;

/// <summary>
/// A webhook as administrators see it: whose it is, where it goes (the host only: paths and queries may carry the
/// owner's tokens), its schedule and state, and any pause note. Headers, payload and secrets are not shown.
/// </summary>
public sealed record AdminWebhookResponse(
    Guid Id,
    Guid OwnerId,
    string OwnerUsername,
    string? Key,
    string Name,
    string UrlHost,
    ScheduleType ScheduleType,
    string? CronExpression,
    DateTimeOffset? ScheduledAt,
    WebhookState State,
    string? PauseNote,
    PausedBy? PausedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastExecutionAt)
{
    public static AdminWebhookResponse From(Webhook w, string ownerUsername) => new(
        w.Id, w.OwnerId, ownerUsername, w.Key, w.Name, Uri.TryCreate(w.Url, UriKind.Absolute, out var url) ? url.Host : "",
        w.ScheduleType, w.CronExpression, w.ScheduledAt, w.State, w.PauseNote, w.PausedBy, w.CreatedAt, w.LastExecutionAt);
}
