using System.Text;
using CronHooks.Application.ApiKeys.Common;
using CronHooks.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
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
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
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
                bearer.EventsType = typeof(BearerTokenEvents);
            });
        services.AddScoped<BearerTokenEvents>();
        services.AddAuthorization();
        return services;
    }
}
