using System.Text;
using CronHooks.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CronHooks.Api.Auth;

internal static class BearerAuthentication
{
    /// <summary>Accepts only HS256 tokens we issued: signature, issuer, audience and lifetime all checked.</summary>
    public static IServiceCollection AddBearerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
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
                        logger.LogWarning("Bearer token rejected on {Method} {Path}: {Reason}",
                            context.Request.Method, context.Request.Path, context.Exception.GetType().Name);
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }
}
