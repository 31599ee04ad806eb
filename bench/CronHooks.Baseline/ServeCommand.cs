using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace CronHooks.Baseline;

/// <summary>
/// One clustered scheduler node in a generic host: Quartz's hosted service, a shared HttpClient and an
/// Npgsql data source for the attempt rows. SIGTERM/SIGINT stop the host, which waits for running jobs.
/// </summary>
internal static class ServeCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Options options)
    {
        var connectionString = options.Required("connection");
        var node = options.Required("node");
        var threads = options.Int("threads", BaselineQuartz.DefaultThreads);
        if (threads == 0)
            throw new UsageException("--threads must be at least 1.");

        var builder = Host.CreateApplicationBuilder();
        // Quartz logs every start-up detail at Information; warnings and failed jobs are what matter here.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = RequestTimeout });
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddBaselineQuartz(connectionString, node, threads);
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"node {node} started ({threads} threads)");
        await host.WaitForShutdownAsync();
        Console.WriteLine($"node {node} stopped");
        return 0;
    }
}
