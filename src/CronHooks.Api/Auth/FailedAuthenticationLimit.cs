using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CronHooks.Api.Auth;

/// <summary>
/// Failed credentials per client address (its /64 for IPv6): each bearer token or API key that does not
/// authenticate costs a permit, and once a minute's permits are spent, requests carrying credentials are
/// answered 429 before authentication runs — a random <c>Bearer chk_…</c> then costs neither a query nor a log line.
/// </summary>
internal sealed class FailedAuthenticationLimit(RequestDelegate next, IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(bucket =>
        RateLimitPartition.GetFixedWindowLimiter(bucket, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedAuthPerIpPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            await next(context);
            return;
        }

        var bucket = ClientBucket.Of(context.Connection.RemoteIpAddress);
        using (var check = limiter.AttemptAcquire(bucket, 0))
        {
            if (!check.IsAcquired)
            {
                var wait = check.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many failed authentications",
                        Detail = "Too many requests from your address carried a token or API key that is not valid; retry after the number of seconds in Retry-After with a valid one.",
                    },
                });
                return;
            }
        }

        await next(context);
        if (context.User.Identity?.IsAuthenticated != true)
            limiter.AttemptAcquire(bucket, 1).Dispose();
    }

    public void Dispose() => limiter.Dispose();
}
