using System.Text.Json;
using System.Text.Json.Nodes;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Audit;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CronHooks.Application.Common.Auditing;

/// <summary>Turns the context's pending changes into audit rows: field-level, with secret fields reduced to "changed".</summary>
internal static class AuditRecorder
{
    /// <summary>Fields whose values never reach the log (encrypted secrets, hashes, header values, payloads that may carry tokens).</summary>
    private static readonly HashSet<string> SecretFields =
    [
        nameof(Webhook.SigningSecret), nameof(Webhook.PreviousSigningSecret), nameof(Webhook.AlertUrl), nameof(Webhook.Headers),
        nameof(Webhook.Payload), nameof(User.PasswordHash), nameof(ApiKey.KeyHash),
    ];

    /// <summary>Bookkeeping that changes with every write and says nothing about what the user changed.</summary>
    private static readonly HashSet<string> IgnoredFields =
    [
        nameof(Webhook.Id), nameof(Webhook.Version), nameof(Webhook.UpdatedAt), nameof(Webhook.ScheduleKey), nameof(Webhook.OwnerId),
        nameof(ApiKey.LastUsedAt), nameof(User.LastLoginAt), nameof(Webhook.PreviousSigningSecretExpiresAt),
    ];

    private static readonly string NameField = JsonNamingPolicy.CamelCase.ConvertName(nameof(Calendar.Name));

    public static void Record(IApplicationDbContext db, AuditScope scope, IRequestOrigin origin, DateTimeOffset now)
    {
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is Webhook or Calendar or ApiKey or User)
            .ToList();
        var notes = changed.Select(Describe).Where(n => n is not null).Select(n => n!).Concat(scope.Notes).ToList();
        scope.Notes.Clear();
        foreach (var note in notes)
        {
            // A registration has no caller yet: the new user is the actor.
            var actorId = origin.UserId ?? (note.EntityType == AuditEntityTypes.User && scope.ActorKind == AuditActorKind.User ? note.OwnerId : null);
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                EntityType = note.EntityType,
                EntityId = note.EntityId,
                OwnerId = note.OwnerId,
                ActorKind = scope.ActorKind,
                ActorId = actorId,
                Credential = origin.Credential,
                ClientAddress = origin.ClientAddress,
                Action = scope.Action ?? "Unknown",
                Changes = ToJson(note.Changes),
            });
        }
    }

    private static AuditNote? Describe(EntityEntry entry)
    {
        var (type, id, owner) = entry.Entity switch
        {
            Webhook w => (AuditEntityTypes.Webhook, w.Id, (Guid?)w.OwnerId),
            Calendar c => (AuditEntityTypes.Calendar, c.Id, c.OwnerId),
            ApiKey k => (AuditEntityTypes.ApiKey, k.Id, k.OwnerId),
            User u => (AuditEntityTypes.User, u.Id, u.Id),
            _ => throw new InvalidOperationException("Not an audited entity."),
        };
        var changes = new Dictionary<string, AuditChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (IgnoredFields.Contains(name) || property.Metadata.IsShadowProperty())
                continue;
            var from = entry.State == EntityState.Added ? null : property.OriginalValue;
            var to = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(Json(from), Json(to))))
                continue;
            if (entry.State != EntityState.Modified && from is null && to is null)
                continue;
            // Receivers often take a token in the query: URLs are logged as the history shows them, query values masked.
            if (entry.Entity is Webhook && name == nameof(Webhook.Url))
                (from, to) = (from is string f ? WebhookSecrets.MaskQueryValues(f) : null, to is string t ? WebhookSecrets.MaskQueryValues(t) : null);
            changes[JsonNamingPolicy.CamelCase.ConvertName(name)] = SecretFields.Contains(name) ? new AuditChange(null, null, Secret: true) : new AuditChange(from, to);
        }
        if (changes.Count == 0)
            return null;
        // A calendar's entry names it even when the name did not change: its id alone says nothing once it is deleted.
        if (entry.Entity is Calendar calendar && !changes.ContainsKey(NameField))
            changes[NameField] = new AuditChange(calendar.Name, calendar.Name);
        return new AuditNote(type, id.ToString(), owner, changes);
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, CronHooksJson.Options);

    private static string ToJson(Dictionary<string, AuditChange> changes)
    {
        var document = new JsonObject();
        foreach (var (field, change) in changes)
        {
            document[field] = change.Secret
                ? new JsonObject { ["changed"] = true }
                : new JsonObject
                {
                    ["from"] = JsonSerializer.SerializeToNode(change.From, CronHooksJson.Options),
                    ["to"] = JsonSerializer.SerializeToNode(change.To, CronHooksJson.Options),
                };
        }
        return document.ToJsonString(CronHooksJson.Options);
    }
}
