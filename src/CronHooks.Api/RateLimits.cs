using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api;

/// <summary>
/// Request rate limits (section <c>RateLimits</c>): per authenticated user on the whole API; per client address
/// (IPv6 by /64, see <see cref="ClientBucket"/>) on register and token and on failed credentials.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, int.MaxValue, ErrorMessage = Positive)]
    public int PerUserPerMinute { get; set; } = 600;

    [Range(1, int.MaxValue, ErrorMessage = Positive)]
    public int AuthPerIpPerMinute { get; set; } = 20;

    /// <summary>Requests per client address (IPv6: per /64) whose bearer token or API key did not authenticate.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Positive)]
    public int FailedAuthPerIpPerMinute { get; set; } = 30;

    /// <summary>Password changes (right or wrong) per user per hour: each costs a slow hash and may be a guess.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Positive)]
    public int PasswordChangesPerUserPerHour { get; set; } = 5;

    /// <summary>Test sends per user per minute: each is a real request to a receiver, outside every schedule and quota.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Positive)]
    public int TestSendsPerUserPerMinute { get; set; } = 10;

    private const string Positive = "RateLimits:{0} must be positive.";
}

internal static class RateLimits
{
    /// <summary>The policy on register and token, where passwords are guessed and accounts mass-created.</summary>
    public const string AuthPerIp = "auth-per-ip";

    /// <summary>The policy on changing the password, per user.</summary>
    public const string PasswordPerUser = "password-per-user";

    /// <summary>The policy on test sends, per user.</summary>
    public const string TestSendsPerUser = "test-sends-per-user";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
                if (user is null)
                    return RateLimitPartition.GetNoLimiter("");
                var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PerUserPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter("user:" + user, _ => PerMinute(limit));
            });
            limiter.AddPolicy(AuthPerIp, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.AuthPerIpPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + ClientBucket.Of(context.Connection.RemoteIpAddress), _ => PerMinute(limit));
            });
            limiter.AddPolicy(PasswordPerUser, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PasswordChangesPerUserPerHour;
                var user = context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "";
                return RateLimitPartition.GetFixedWindowLimiter("password:" + user, _ =>
                    new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = true });
            });
            limiter.AddPolicy(TestSendsPerUser, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.TestSendsPerUserPerMinute;
                var user = context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "";
                return RateLimitPartition.GetFixedWindowLimiter("test-send:" + user, _ => PerMinute(limit));
            });
            limiter.OnRejected = WriteProblemAsync;
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int limit) =>
        new() { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask WriteProblemAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "The rate limit was reached; retry after the number of seconds in Retry-After.",
            },
        });
    }
}
