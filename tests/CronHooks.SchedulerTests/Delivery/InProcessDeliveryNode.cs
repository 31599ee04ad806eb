using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Observability;
using Microsoft.Extensions.Configuration;
using CronHooks.Infrastructure.Delivery.Security;
using CronHooks.Scheduler.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// The delivery engine's services in a host of their own (no clock, no web server), with a test
/// configuration: the real engine, started and stopped around one test.
/// </summary>
internal sealed class InProcessDeliveryNode : IAsyncDisposable
{
    private readonly IHost host;

    private InProcessDeliveryNode(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    /// <param name="connectionString">The test database.</param>
    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="resolver">Answers host lookups instead of the system resolver, so tests never query real DNS.</param>
    /// <param name="configure">Last changes to the host before it is built (e.g. telemetry with an in-memory exporter).</param>
    public static async Task<InProcessDeliveryNode> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, IDestinationResolver? resolver = null,
        Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:CronHooks"] = connectionString,
            ["Delivery:NodeId"] = "test-node",
            ["Delivery:PollInterval"] = "00:00:05",
            ["Delivery:MaxDatabaseBackoff"] = "00:00:01",
            ["Delivery:LeaseMargin"] = "00:00:05",
            ["Delivery:DrainTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in TestSettings.Secrets.Concat(TestSettings.LoopbackDelivery))
            configuration[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSchedulerMetrics();
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.AddDelivery(builder.Configuration);
        if (resolver is not null)
            builder.Services.Replace(ServiceDescriptor.Singleton<IDestinationResolver>(resolver));
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessDeliveryNode(host);
    }

    public async Task StopAsync() => await host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
