using System.Diagnostics;

namespace CronHooks.Api;

/// <summary>
/// One structured line per request: method, route, status, duration and user — never headers or
/// bodies, which carry tokens and webhook secrets.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value;
            logger.LogInformation("HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (user {UserId})",
                context.Request.Method, route, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.User.FindFirst("sub")?.Value ?? "-");
        }
    }
}
