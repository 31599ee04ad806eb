namespace CronHooks.Domain.Users;

/// <summary>A person or machine owner of webhooks. Every other resource belongs to exactly one user.</summary>
public sealed class User
{
    public Guid Id { get; init; }
    public required string Username { get; init; }
    public required string Email { get; init; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Tokens issued before this instant are no longer accepted (set when the password changes).</summary>
    public DateTimeOffset PasswordChangedAt { get; set; }

    /// <summary>Granted only by an admin or the <c>admin grant</c> command, never by registering.</summary>
    public UserRole Role { get; set; } = UserRole.User;

    /// <summary>Set by an admin: the user's tokens and keys stop working and their webhooks stop firing (recorded skipped).</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>When a password login last succeeded; null if never.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>An admin's override of Quotas:AttemptsPerOwnerPerMinute for this user; null: the setting.</summary>
    public int? AttemptsPerMinuteLimit { get; set; }

    /// <summary>An admin's override of Quotas:AttemptsPerHostPerMinute for this user; null: the setting.</summary>
    public int? AttemptsPerHostPerMinuteLimit { get; set; }
}
