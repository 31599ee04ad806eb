using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace CronHooks.SchedulerTests.Observability;

/// <summary>A scheduler node's metrics, read through the scrape output as Prometheus would.</summary>
public sealed class SchedulerMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider services = null!;

    [SetUp]
    public async Task StartAsync()
    {
        await TestDatabase.ResetAsync();
        await TestDatabase.ScalarAsync<int>("DELETE FROM quartz.qrtz_scheduler_state");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CronHooks"] = TestDatabase.ConnectionString })
            .Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        collection.AddInfrastructure(configuration);
        collection.RemoveAll<TimeProvider>();
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        collection.AddSchedulerMetrics();
        services = collection.BuildServiceProvider();
        // Only the metrics' own hosted services: the schema gate and the rest belong to a real host.
        foreach (var hosted in services.GetServices<IHostedService>().Where(h => h.GetType().Namespace == typeof(MetricNames).Namespace))
            await hosted.StartAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task StopAsync() => await services.DisposeAsync();

    [Test]
    public async Task Scrape_ReadsQueueDepthOldestAgeOutboxLagAndLiveNodesFromTheDatabase()
    {
        await InsertPendingAsync(dueAt: Now.AddSeconds(-30));
        await InsertPendingAsync(dueAt: Now.AddSeconds(-10));
        await InsertPendingAsync(dueAt: Now.AddMinutes(5));          // a retry waiting for its backoff: not due
        await InsertPendingAsync(dueAt: Now.AddMinutes(-9), status: "Running"); // claimed: not in the queue
        await TestDatabase.ScalarAsync<int>("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ('cron-a', $1), ('cron-b', $2)",
            Now.AddSeconds(-7), Now.AddSeconds(-2));
        // Quartz's own format: check-in instants in .NET ticks, intervals in milliseconds.
        await TestDatabase.ScalarAsync<int>(
            "INSERT INTO quartz.qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('CronHooks', 'live', $1, 7500), ('CronHooks', 'gone', $2, 7500)",
            Now.AddSeconds(-3).UtcTicks, Now.AddSeconds(-60).UtcTicks);

        var samples = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(samples.Single("cronhooks_queue_due_attempts"), Is.EqualTo(2));
            Assert.That(samples.Single("cronhooks_queue_oldest_due_age_seconds"), Is.EqualTo(30));
            Assert.That(samples.Single("cronhooks_outbox_lag_seconds"), Is.EqualTo(7));
            Assert.That(samples.Single("cronhooks_scheduler_nodes_live"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Scrape_WhenQueueAndOutboxAreEmpty_ReportsZeros()
    {
        var samples = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(samples.Single("cronhooks_queue_due_attempts"), Is.Zero);
            Assert.That(samples.Single("cronhooks_queue_oldest_due_age_seconds"), Is.Zero);
            Assert.That(samples.Single("cronhooks_outbox_lag_seconds"), Is.Zero);
            Assert.That(samples.Single("cronhooks_scheduler_nodes_live"), Is.Zero);
        });
    }

    [Test]
    public async Task DeliveryFinished_CountsByOutcomeAndFillsDurationAndLatenessHistograms()
    {
        var metrics = services.GetRequiredService<SchedulerMetrics>();

        metrics.DeliveryFinished("success", null, TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(300));
        metrics.DeliveryFinished("retrying", "timeout", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
        metrics.DeliveryFinished("skipped", null, null, null);
        metrics.Misfired();
        var samples = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(samples.Sum("cronhooks_deliveries_total", ("outcome", "success"), ("error_kind", "")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_deliveries_total", ("outcome", "retrying"), ("error_kind", "timeout")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_deliveries_total", ("outcome", "skipped")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_delivery_duration_seconds_count"), Is.EqualTo(2));
            Assert.That(samples.Sum("cronhooks_delivery_lateness_seconds_count"), Is.EqualTo(2));
            // Cumulative buckets: 0.3 s is within 0.5 s, 3 s is not.
            Assert.That(samples.Sum("cronhooks_delivery_lateness_seconds_bucket", ("le", "0.5")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_delivery_lateness_seconds_bucket", ("le", "5")), Is.EqualTo(2));
            Assert.That(samples.Single("cronhooks_quartz_misfires_total"), Is.EqualTo(1));
        });
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static async Task InsertPendingAsync(DateTimeOffset dueAt, string status = "Pending") =>
        await AttemptRows.InsertAsync(new AttemptRows.Row(Guid.NewGuid(), Guid.NewGuid(), status, dueAt, dueAt));
}
