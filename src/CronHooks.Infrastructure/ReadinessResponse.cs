using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CronHooks.Infrastructure;

/// <summary>
/// The readiness answer names what is not ready ("Unhealthy: clock: Schedules have not been synchronised yet."),
/// so the reason is in the answer to whoever asked, not in an error logged for every probe while a process starts.
/// </summary>
public static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()}");
        var text = report.Status == HealthStatus.Healthy ? "Healthy" : $"{report.Status}: {string.Join("; ", reasons)}";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
