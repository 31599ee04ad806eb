using CronHooks.SchedulerTests.Clock;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// Base for tests on real scheduler processes: a clean database and a user per test; the nodes a test
/// started are stopped after it, and their output is printed when it failed.
/// </summary>
public abstract class SchedulerNodeTest
{
    private readonly List<ServiceProcess> nodes = [];

    protected Guid Owner { get; private set; }

    /// <summary>The nodes this test started, in order.</summary>
    protected IReadOnlyList<ServiceProcess> Nodes => nodes;

    [SetUp]
    public async Task ResetDatabaseAsync()
    {
        await ClockTestData.ResetAsync();
        Owner = await ClockTestData.CreateUserAsync();
    }

    [TearDown]
    public async Task StopNodesAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var node in nodes)
                TestContext.Out.WriteLine($"--- {node.Name}\n{node.Output}");
        }
        foreach (var node in nodes)
            await node.DisposeAsync();
        nodes.Clear();
    }

    protected async Task<ServiceProcess> StartNodeAsync(string? name = null, Dictionary<string, string>? settings = null, TimeSpan? readyWithin = null)
    {
        var node = await SchedulerNodes.StartAsync(TestDatabase.ConnectionString, settings, name ?? $"node{nodes.Count + 1}", readyWithin);
        lock (nodes)
            nodes.Add(node);
        return node;
    }
}
