using CronHooks.Domain.Users;

namespace CronHooks.Application.Auth;

/// <summary>A user's account; <c>admin</c> users also reach /api/v1/admin and the dashboard's admin section.</summary>
public sealed record UserResponse(Guid Id, string Username, string Email, DateTimeOffset CreatedAt, UserRole Role)
{
    public static UserResponse From(User user) => new(user.Id, user.Username, user.Email, user.CreatedAt, user.Role);
}
