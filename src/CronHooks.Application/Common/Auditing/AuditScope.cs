using CronHooks.Domain.Audit;

namespace CronHooks.Application.Common.Auditing;

/// <summary>The audited command running in this scope (the outermost one: a patch sends a replace) and its extra notes.</summary>
public sealed class AuditScope
{
    internal string? Action { get; set; }
    internal AuditActorKind ActorKind { get; set; }
    internal List<AuditNote> Notes { get; } = [];

    /// <summary>Records a change that no tracked entity shows (e.g. deleted login failures), written with the command's save.</summary>
    public void Note(string entityType, Guid entityId, Guid? ownerId, string field, object? from, object? to) =>
        Notes.Add(new AuditNote(entityType, entityId.ToString(), ownerId, new Dictionary<string, AuditChange> { [field] = new(from, to) }));
}

internal sealed record AuditNote(string EntityType, string EntityId, Guid? OwnerId, Dictionary<string, AuditChange> Changes);

/// <summary>One field's change: its old and new value, or only that it changed (a secret).</summary>
internal sealed record AuditChange(object? From, object? To, bool Secret = false);
