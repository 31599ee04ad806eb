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
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastExecutionAt)
{
    /// <summary>The note the owner sees, when the webhook was paused with one; null otherwise.</summary>
    public string? PauseNote { get; init; }

    /// <summary>Who paused it with the note (<c>admin</c> or <c>owner</c>); null when not paused with a note.</summary>
    public PausedBy? PausedBy { get; init; }

    public static AdminWebhookResponse From(Webhook w, string ownerUsername) => new(
        w.Id, w.OwnerId, ownerUsername, w.Key, w.Name, Uri.TryCreate(w.Url, UriKind.Absolute, out var url) ? url.Host : "",
        w.ScheduleType, w.CronExpression, w.ScheduledAt, w.State, w.CreatedAt, w.LastExecutionAt) { PauseNote = w.PauseNote, PausedBy = w.PausedBy };
}
