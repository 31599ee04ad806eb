using System.Diagnostics;
using System.Text;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// A real scheduler node (CronHooks.Scheduler.dll, as built beside the tests) in its own process, for
/// the tests whose point is processes: kill -9, SIGTERM, failover between nodes.
/// </summary>
internal sealed class DeliveryNodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private DeliveryNodeProcess(Process process, string nodeId)
    {
        this.process = process;
        NodeId = nodeId;
    }

    public string NodeId { get; }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    /// <summary>Starts a node with <paramref name="settings"/> as configuration (e.g. <c>Delivery:DrainTimeout</c>).</summary>
    public static DeliveryNodeProcess Start(string connectionString, string nodeId, IDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CronHooks.Scheduler.dll"));
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__CronHooks"] = connectionString;
        start.Environment["Delivery__NodeId"] = nodeId;
        // Receivers in tests listen on loopback, which deliveries may not reach unless allowed.
        start.Environment["Delivery__AllowedNetworks__0"] = "127.0.0.1/32";
        start.Environment["Delivery__AllowPrivateNetworksInProduction"] = "true";
        foreach (var (key, value) in TestSecrets.Settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var node = new DeliveryNodeProcess(process, nodeId);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    /// <summary>Waits until the node's delivery loop runs.</summary>
    public async Task WaitUntilDeliveringAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains($"Delivery node {NodeId} started", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                Assert.Fail($"Node {NodeId} did not start (exited: {process.HasExited}). Output:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>kill -9: no shutdown code runs, leases stay behind.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a container runtime or systemd sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Node {NodeId} did not exit within {timeout}. Output:\n{Output}");
        }
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
