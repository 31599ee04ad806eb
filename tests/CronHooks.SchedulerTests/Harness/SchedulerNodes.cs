
namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// Real scheduler nodes (the built CronHooks.Scheduler.dll in its own process, through the shared
/// <see cref="ServiceProcess"/>) for the tests whose point is processes: kill -9, SIGTERM, SIGSTOP, failover between nodes.
/// </summary>
public static class SchedulerNodes
{
    /// <summary>Settings that make fail-over and misfires observable in seconds rather than minutes.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastSettings = new Dictionary<string, string>
    {
        ["Scheduler:CheckinInterval"] = "00:00:01",
        ["Scheduler:CheckinMisfireThreshold"] = "00:00:02",
        ["Scheduler:MisfireThreshold"] = "00:00:03",
        ["Scheduler:IdleWaitTime"] = "00:00:01",
        ["Scheduler:OutboxPollInterval"] = "00:00:01",
        ["Scheduler:ReconcileInterval"] = "00:00:05",
    };

    /// <summary>No colours or multi-line entries: one log line per event is easier to search.</summary>
    private static readonly IReadOnlyDictionary<string, string> SingleLineLogs = new Dictionary<string, string>
    {
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
    };

    private static string Dll => RepositoryRoot.BuildOutput("src/CronHooks.Scheduler");

    /// <summary>
    /// Starts a node on <paramref name="connectionString"/> with <see cref="FastSettings"/> overridden by
    /// <paramref name="settings"/>, and waits until it reports ready on /health/ready.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, string name = "node", TimeSpan? readyWithin = null)
    {
        var node = ServiceProcess.Start(Dll, TestSettings.ForProcess(connectionString).With(SingleLineLogs).With(FastSettings).With(settings), name);
        try
        {
            await node.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            // Not ready in time (the exception carries its output): it must not outlive the test.
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>
    /// Starts a node named <paramref name="nodeId"/> with the default timings and <paramref name="settings"/> (e.g.
    /// <c>Delivery:DrainTimeout</c>) without waiting: <see cref="WaitUntilDeliveringAsync"/> waits for its delivery loop.
    /// </summary>
    public static ServiceProcess StartDelivering(string connectionString, string nodeId, IReadOnlyDictionary<string, string>? settings = null) =>
        ServiceProcess.Start(Dll, TestSettings.ForProcess(connectionString).With([new("Delivery:NodeId", nodeId)]).With(settings), nodeId);

    extension(ServiceProcess node)
    {
        /// <summary>The delivery node id a node started with <see cref="StartDelivering"/> leases attempts under.</summary>
        public string NodeId => node.Name;

        /// <summary>Waits until the node's delivery loop runs.</summary>
        public Task WaitUntilDeliveringAsync(TimeSpan timeout) => node.WaitForOutputAsync($"Delivery node {node.Name} started", timeout);
    }
}
