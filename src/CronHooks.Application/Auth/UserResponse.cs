using CronHooks.Domain.Users;

namespace CronHooks.Application.Auth;

public sealed record UserResponse(Guid Id, string Username, string Email, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Username, user.Email, user.CreatedAt);
}
