using CronHooks.Application.Auth;
using CronHooks.Application.Auth.ChangePassword;
using CronHooks.Application.Auth.GetCurrentUser;
using CronHooks.Application.Auth.IssueToken;
using CronHooks.Application.Auth.Register;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CronHooks.Api.Endpoints;

internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).WithName(nameof(Register)).AllowAnonymous().RequireRateLimiting(RateLimits.AuthPerIp)
            .WithSummary("Create a user account.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/token", IssueToken).WithName(nameof(IssueToken)).AllowAnonymous().RequireRateLimiting(RateLimits.AuthPerIp)
            .WithSummary("Exchange a username and password for a bearer token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", GetCurrentUser).WithName(nameof(GetCurrentUser)).RequireAuthorization()
            .WithSummary("The authenticated user.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/password", ChangePassword).WithName(nameof(ChangePassword)).RequireAuthorization().RequireRateLimiting(RateLimits.PasswordPerUser)
            .WithSummary("Change your password; tokens issued before stop working and every API key is revoked.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Created<UserResponse>> Register(RegisterCommand command, ISender sender, CancellationToken cancellationToken)
    {
        var user = await sender.Send(command, cancellationToken);
        return TypedResults.Created("/api/v1/auth/me", user);
    }

    public static async Task<Ok<TokenResponse>> IssueToken(IssueTokenCommand command, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(command, cancellationToken));

    public static async Task<NoContent> ChangePassword(ChangePasswordCommand command, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(command, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<UserResponse>> GetCurrentUser(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCurrentUserQuery(), cancellationToken));
}
