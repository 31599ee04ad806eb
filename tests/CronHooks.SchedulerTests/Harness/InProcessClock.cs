using CronHooks.Infrastructure;
using CronHooks.Scheduler.Clock;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// The clock's services as a node registers them, in the test process and not started: tests call the
/// synchroniser, the reconciler or the health check themselves.
/// </summary>
internal sealed class InProcessClock : IAsyncDisposable
{
    private InProcessClock(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public static InProcessClock Build(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:CronHooks"] = connectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        collection.AddInfrastructure(configuration);
        collection.AddClock(configuration);
        return new InProcessClock(collection.BuildServiceProvider());
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        // The Quartz scheduler exists once something asked for it; it must not outlive the test.
        foreach (var scheduler in await Services.GetRequiredService<ISchedulerFactory>().GetAllSchedulers())
            await scheduler.Shutdown(waitForJobsToComplete: false);
        await Services.DisposeAsync();
    }
}
