namespace CronHooks.Domain.Users;

/// <summary>A failed password login, kept for the lockout window. Keyed by the lower-cased username given, known or not.</summary>
public sealed class LoginFailure
{
    public long Id { get; init; }
    public required string Username { get; init; }
    public DateTimeOffset FailedAt { get; init; }
}
