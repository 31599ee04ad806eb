using System.Text.Json;
using CronHooks.Application.Common.Paging;
using CronHooks.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Audit.Common;

/// <summary>
/// One change: to what (<c>entityType</c> webhook, calendar, apiKey or user, and its id), by whom (<c>actorKind</c> user, admin or
/// system, with the actor's id and username), how they authenticated (<c>credential</c>: an API key's id or <c>token</c>),
/// from which address, and <c>changes</c>: field → {from, to}, or {changed: true} for a secret.
/// </summary>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string EntityType, string EntityId, Guid? OwnerId, AuditActorKind ActorKind, Guid? ActorId,
    string? ActorUsername, string? Credential, string? ClientAddress, string Action, JsonElement Changes);

internal static class AuditPages
{
    /// <summary>Newest first, with each actor's current username.</summary>
    public static async Task<PagedResponse<AuditEntryResponse>> PageAsync(
        this IQueryable<AuditEntry> entries, IQueryable<Domain.Users.User> users, string? entityType, string? entityId, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(entityType))
            entries = entries.Where(a => a.EntityType == entityType);
        if (!string.IsNullOrWhiteSpace(entityId))
            entries = entries.Where(a => a.EntityId == entityId);
        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new { Entry = a, Actor = users.Where(u => u.Id == a.ActorId).Select(u => u.Username).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => new AuditEntryResponse(r.Entry.Id, r.Entry.At, r.Entry.EntityType, r.Entry.EntityId, r.Entry.OwnerId,
            r.Entry.ActorKind, r.Entry.ActorId, r.Actor, r.Entry.Credential, r.Entry.ClientAddress, r.Entry.Action,
            JsonDocument.Parse(r.Entry.Changes).RootElement.Clone())).ToList();
        return new PagedResponse<AuditEntryResponse>(items, page, pageSize, total);
    }
}
