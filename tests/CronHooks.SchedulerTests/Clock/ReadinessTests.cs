using CronHooks.Infrastructure;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// A node's /health/ready checks, as the endpoint runs them (the "ready" tag), against the real database
/// and a real clustered Quartz scheduler.
/// </summary>
[NonParallelizable]
public sealed class ReadinessTests
{
    private ServiceProvider services = null!;
    private IScheduler? scheduler;

    [TearDown]
    public async Task StopAsync()
    {
        if (scheduler is not null)
            await scheduler.Shutdown(waitForJobsToComplete: false);
        scheduler = null;
        await services.DisposeAsync();
    }

    [Test]
    public async Task Ready_UntilQuartzStartsAndChecksIn_IsUnhealthy()
    {
        await ClockTestData.ResetAsync();
        services = Build(TestDatabase.ConnectionString);
        services.GetRequiredService<ClockReadiness>().MarkSynced();

        var before = await ReadyAsync();
        await StartQuartzAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(before.Entries["clock"].Description, Does.Contain("Quartz"));
        });
        await Eventually.ReturnsAsync(ReadyAsync, r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), "readiness after Quartz started");
    }

    [Test]
    public async Task Ready_WhenTheNodeIsNotCheckedInToTheCluster_IsUnhealthy()
    {
        await ClockTestData.ResetAsync();
        services = Build(TestDatabase.ConnectionString);
        services.GetRequiredService<ClockReadiness>().MarkSynced();
        await StartQuartzAsync();
        await Eventually.ReturnsAsync(ReadyAsync, r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), "readiness after Quartz started");

        // As if the check-in had failed: the next one is minutes away (see Build), so the row stays gone.
        await ClockTestData.ExecuteAsync("DELETE FROM quartz.qrtz_scheduler_state");
        var report = await ReadyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(report.Entries["clock"].Description, Does.Contain("checked in"));
        });
    }

    [Test]
    public async Task Ready_WhenSchedulesAreNotSynchronisedYet_IsUnhealthy()
    {
        await ClockTestData.ResetAsync();
        services = Build(TestDatabase.ConnectionString);
        await StartQuartzAsync();

        var report = await ReadyAsync();

        Assert.That(report.Entries["clock"].Description, Does.Contain("synchronised"));
    }

    [Test]
    public async Task Ready_WhenTheSchemaIsBehindTheCode_IsUnhealthy()
    {
        services = Build(await TestDatabase.CreateEmptyAsync());

        var report = await ReadyAsync();

        Assert.That(report.Entries["database"].Description, Does.Contain("schema is behind"));
    }

    [Test]
    public async Task Ready_WhenTheDatabaseIsUnreachable_IsUnhealthy()
    {
        // A port nothing listens on: the listener is closed before the check runs.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        services = Build($"Host=127.0.0.1;Port={port};Username=postgres;Database=cronhooks;Timeout=2");

        var report = await ReadyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(report.Entries["database"].Description, Does.Contain("unreachable"));
        });
    }

    private static ServiceProvider Build(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CronHooks"] = connectionString,
            // Check-ins far apart: a test that removes this node's check-in sees it stay removed.
            ["Scheduler:CheckinInterval"] = "00:05:00",
            ["Scheduler:CheckinMisfireThreshold"] = "00:00:05",
        }).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        collection.AddInfrastructure(configuration);
        collection.AddClock(configuration);
        return collection.BuildServiceProvider();
    }

    private async Task StartQuartzAsync()
    {
        scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
    }

    private Task<HealthReport> ReadyAsync() =>
        services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready));
}
