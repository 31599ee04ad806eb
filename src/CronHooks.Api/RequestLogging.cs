using System.Diagnostics;

namespace CronHooks.Api;

/// <summary>
/// One structured line per request: method, route template, status, duration and user — never the path
/// as called, the query, headers or bodies, which carry tokens and webhook secrets.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    private static readonly object RouteKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Taken now: the exception handler clears the endpoint before an error response is written.
        context.Items[RouteKey] = RouteOf(context);
        try
        {
            await next(context);
        }
        finally
        {
            var route = (string)context.Items[RouteKey]!;
            logger.LogInformation("HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (user {UserId})",
                context.Request.Method, route, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.User.FindFirst("sub")?.Value ?? "-");
        }
    }

    /// <summary>The route template for logs: a raw path or query can carry anything a client put in it.</summary>
    public static string RouteOf(HttpContext context) =>
        context.Items[RouteKey] as string ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
}
