using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Auth;

/// <summary>
/// What the JWT handler does beyond the token itself, per request (it is resolved from the request's services):
/// log why a token was rejected, and reject one issued before the user's last password change.
/// </summary>
internal sealed class BearerTokenEvents(IUserReader users, ILogger<BearerTokenEvents> logger) : JwtBearerEvents
{
    // The reason, never the token.
    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        logger.LogWarning("Bearer token rejected on {Method} {Route}: {Reason}",
            context.Request.Method, RequestLogging.RouteOf(context.HttpContext), context.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    /// <summary>A token issued before the user's last password change (or for a deleted user) no longer authenticates.</summary>
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = context.Principal?.FindFirst(PasswordStampClaim.Name)?.Value;
        if (!Guid.TryParse(subject, out var userId) || stamp is null)
        {
            context.Fail("The token lacks a subject or password stamp.");
            return;
        }

        var changedAt = await users.PasswordChangedAtAsync(userId, context.HttpContext.RequestAborted);
        if (changedAt is null || PasswordStampClaim.For(changedAt.Value) != stamp)
            context.Fail("The token was issued before the password changed.");
    }
}
