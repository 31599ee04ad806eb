namespace CronHooks.Domain.Users;

/// <summary>What a user may reach: <c>user</c> owns webhooks; <c>admin</c> also runs the installation (/api/v1/admin).</summary>
public enum UserRole
{
    User,
    Admin,
}
