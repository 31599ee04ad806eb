namespace CronHooks.Domain.Audit;

/// <summary>
/// One recorded change to a webhook, calendar, API key, user or setting: who made it, when, from where, and which fields
/// changed (secret values never: a secret field shows only that it changed). Written in the change's transaction.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;

    public long Id { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary><c>webhook</c>, <c>calendar</c>, <c>apiKey</c>, <c>user</c>, … (see <see cref="AuditEntityTypes"/>).</summary>
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }

    /// <summary>The user whose resource changed (a user's own id for a user): owners read the entries of their resources.</summary>
    public Guid? OwnerId { get; init; }
    public AuditActorKind ActorKind { get; init; }

    /// <summary>The user who made the change; null for the system.</summary>
    public Guid? ActorId { get; init; }

    /// <summary>How the actor authenticated: an API key's id, <c>token</c>, or <c>cli</c>; null for the system.</summary>
    public string? Credential { get; init; }
    public string? ClientAddress { get; init; }

    /// <summary>The use case, e.g. <c>PatchWebhook</c> or <c>DisableUser</c>.</summary>
    public required string Action { get; init; }

    /// <summary>A JSON object: field → {from, to}; a secret field → {changed: true}.</summary>
    public required string Changes { get; init; }
}

/// <summary>Who made a change.</summary>
public enum AuditActorKind
{
    /// <summary>The owner of the resource, acting on their own.</summary>
    User,

    /// <summary>An administrator, through /api/v1/admin or the <c>admin</c> command.</summary>
    Admin,

    /// <summary>CronHooks itself (e.g. an automatic pause).</summary>
    System,
}

/// <summary>The entity types the audit log names.</summary>
public static class AuditEntityTypes
{
    public const string Webhook = "webhook";
    public const string ApiKey = "apiKey";
    public const string User = "user";
    public const string Calendar = "calendar";
}
