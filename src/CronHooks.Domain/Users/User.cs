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
}
