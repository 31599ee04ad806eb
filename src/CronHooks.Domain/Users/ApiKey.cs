namespace CronHooks.Domain.Users;

/// <summary>A long-lived credential for machine clients; only its hash is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public required string Name { get; init; }

    /// <summary>The first characters of the key, shown so users can tell keys apart.</summary>
    public required string Prefix { get; init; }
    public required string KeyHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public ApiKeyScope Scope { get; init; } = ApiKeyScope.Write;

    /// <summary>When the key stops authenticating; null for a key that lasts until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
