using System.Text;
using CronHooks.Application.ApiKeys.Common;
using CronHooks.Infrastructure.Identity;
using CronHooks.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CronHooks.Api.Auth;

internal static class BearerAuthentication
{
    /// <summary>Picks the API-key handler for <c>Bearer chk_…</c> and the JWT handler for any other bearer token.</summary>
    public const string Scheme = "BearerOrApiKey";

    /// <summary>
    /// Accepts only HS256 tokens we issued: signature, issuer, audience and lifetime all checked, and
    /// issued under the user's current password. API keys (<c>chk_…</c>) travel in the same header.
    /// </summary>
    public static IServiceCollection AddBearerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "JWT or API key", options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.BearerToken(context.Request) is { } token && ApiKeyTokens.LooksLikeKey(token)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, ILoggerFactory>((bearer, jwt, loggers) =>
            {
                var settings = jwt.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = settings.Issuer,
                    ValidateAudience = true,
                    ValidAudience = settings.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "unique_name",
                };
                var logger = loggers.CreateLogger("CronHooks.Api.Auth");
                bearer.Events = new JwtBearerEvents
                {
                    // The reason, never the token.
                    OnAuthenticationFailed = context =>
                    {
                        logger.LogWarning("Bearer token rejected on {Method} {Route}: {Reason}",
                            context.Request.Method, RequestLogging.RouteOf(context.HttpContext), context.Exception.GetType().Name);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = RejectIfPasswordChangedAsync,
                };
            });
        services.AddAuthorization();
        return services;
    }

    // Every authenticated request runs this: compiled once, it skips building and looking up the LINQ query
    // each time (a tenth of the API's CPU per create, docs/PERFORMANCE.md).
    private static readonly Func<CronHooksDbContext, Guid, CancellationToken, Task<DateTimeOffset?>> PasswordChangedAt =
        EF.CompileAsyncQuery((CronHooksDbContext db, Guid userId, CancellationToken _) =>
            db.Users.AsNoTracking().Where(u => u.Id == userId && u.DisabledAt == null).Select(u => (DateTimeOffset?)u.PasswordChangedAt).SingleOrDefault());

    /// <summary>A token issued before the user's last password change (or for a deleted or disabled user) no longer authenticates.</summary>
    private static async Task RejectIfPasswordChangedAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var stamp = context.Principal?.FindFirst(PasswordStampClaim.Name)?.Value;
        if (!Guid.TryParse(subject, out var userId) || stamp is null)
        {
            context.Fail("The token lacks a subject or password stamp.");
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<CronHooksDbContext>();
        var changedAt = await PasswordChangedAt(db, userId, context.HttpContext.RequestAborted);
        if (changedAt is null || PasswordStampClaim.For(changedAt.Value) != stamp)
            context.Fail("The token was issued before the password changed.");
    }
}
