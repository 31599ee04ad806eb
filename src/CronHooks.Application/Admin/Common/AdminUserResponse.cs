using CronHooks.Domain.Users;

namespace CronHooks.Application.Admin.Common;

/// <summary>
/// A user as administrators see them: state, activity and quota overrides (null: the installation's setting).
/// <c>failedLogins</c>: failed logins inside the lockout window (at the limit, logins are refused until it passes or an
/// admin unlocks); <c>attemptCount</c>: attempts in the history and the queue (the history keeps Delivery:RetentionDays).
/// </summary>
public sealed record AdminUserResponse(
    Guid Id,
    string Username,
    string Email,
    UserRole Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? DisabledAt,
    int FailedLogins,
    long WebhookCount,
    long AttemptCount,
    int? AttemptsPerMinuteLimit,
    int? AttemptsPerHostPerMinuteLimit);
