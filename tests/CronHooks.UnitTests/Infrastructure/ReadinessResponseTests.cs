using CronHooks.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CronHooks.UnitTests.Infrastructure;

public sealed class ReadinessResponseTests
{
    [Test]
    public async Task Write_WhenACheckIsUnhealthy_NamesItAndItsReason()
    {
        var report = Report(("database", HealthCheckResult.Healthy()), ("clock", HealthCheckResult.Unhealthy("Schedules have not been synchronised yet.")));

        Assert.That(await WriteAsync(report), Is.EqualTo("Unhealthy: clock: Schedules have not been synchronised yet."));
    }

    [Test]
    public async Task Write_WhenEveryCheckIsHealthy_SaysHealthy()
    {
        var report = Report(("database", HealthCheckResult.Healthy()), ("clock", HealthCheckResult.Healthy()));

        Assert.That(await WriteAsync(report), Is.EqualTo("Healthy"));
    }

    private static HealthReport Report(params (string Name, HealthCheckResult Result)[] checks) => new(
        checks.ToDictionary(c => c.Name, c => new HealthReportEntry(c.Result.Status, c.Result.Description, TimeSpan.Zero, c.Result.Exception, null)),
        TimeSpan.Zero);

    private static async Task<string> WriteAsync(HealthReport report)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await ReadinessResponse.WriteAsync(context, report);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
