using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// A real scheduler node: the built CronHooks.Scheduler.dll started with <c>dotnet</c>, configured through
/// environment variables, its output captured. Cluster tests start several and kill them (SIGKILL) or
/// stop them (SIGTERM) like an operator or a crash would.
/// </summary>
public sealed partial class SchedulerProcess : IAsyncDisposable
{
    /// <summary>Settings that make fail-over and misfires observable in seconds rather than minutes.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastSettings = new Dictionary<string, string>
    {
        ["Scheduler__CheckinInterval"] = "00:00:01",
        ["Scheduler__CheckinMisfireThreshold"] = "00:00:02",
        ["Scheduler__MisfireThreshold"] = "00:00:03",
        ["Scheduler__IdleWaitTime"] = "00:00:01",
        ["Scheduler__OutboxPollInterval"] = "00:00:01",
        ["Scheduler__ReconcileInterval"] = "00:00:05",
    };

    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SchedulerProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Where the node serves /health and /metrics (known once it listens; StartAsync waits for that).</summary>
    public Uri Address => listening.Task.IsCompletedSuccessfully ? listening.Task.Result : throw new InvalidOperationException($"{Name} is not listening yet.");

    /// <summary>Everything the node wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> OutputLines => lines.ToArray();

    public string Output => string.Join('\n', lines);

    /// <summary>The secrets key the nodes run with (32 bytes, base64); tests that write encrypted values use the same.</summary>
    public const string TestSecretsKey = "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=";

    /// <summary>
    /// Starts a node on <paramref name="connectionString"/> with <see cref="FastSettings"/> overridden by
    /// <paramref name="settings"/>, and waits until it reports ready on /health/ready.
    /// </summary>
    public static async Task<SchedulerProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, string name = "node", TimeSpan? readyWithin = null)
    {
        var dll = SchedulerDll();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ConnectionStrings__CronHooks"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // Nodes refuse to start without the key that decrypts webhook secrets.
        info.Environment["Secrets__ActiveKeyId"] = "test";
        info.Environment["Secrets__Keys__test"] = TestSecretsKey;
        // Receivers in tests listen on loopback, which deliveries may not reach unless allowed.
        info.Environment["Delivery__AllowedNetworks__0"] = "127.0.0.1/32";
        info.Environment["Delivery__AllowPrivateNetworksInProduction"] = "true";
        // No colours or multi-line entries: one log line per event is easier to search.
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in FastSettings)
            info.Environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new SchedulerProcess(process, name);
        process.OutputDataReceived += (_, e) => node.Record(e.Data);
        process.ErrorDataReceived += (_, e) => node.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

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

    /// <summary>Polls /health/ready until it answers 200; fails with the node's output if it exits or times out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        Uri address;
        try
        {
            address = await listening.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not start listening within {timeout}.\n{Output}");
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it was ready.\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), deadline.Token);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not answering yet
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}.\n{Output}");
    }

    /// <summary>kill -9: the node gets no chance to finish or hand over anything.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait for a graceful exit (killed if it takes longer than <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited)
            return;
        await SignalAsync("TERM");
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>
    /// SIGSTOP: the node stops where it is, mid-transaction or not, its connections open and their locks held — as a
    /// paused VM, a stalled disk or a long GC pause would leave them. Nothing in the node runs until <see cref="ThawAsync"/>.
    /// </summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the frozen node carries on from where it stopped, unaware of the time that passed.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        await kill!.WaitForExitAsync();
    }

    /// <summary>Output lines matching <paramref name="pattern"/>.</summary>
    public IEnumerable<string> Lines(string pattern) => lines.Where(l => Regex.IsMatch(l, pattern));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lines.Enqueue(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
            listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>The scheduler built in the same configuration as this test assembly (the project reference builds it).</summary>
    private static string SchedulerDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CronHooks.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"No CronHooks.sln above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(root.FullName, "src", "CronHooks.Scheduler", "bin", configuration, framework, "CronHooks.Scheduler.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first.", dll);
    }

    // Plain or JSON console output (JSON outside Development): the address ends at whitespace or a quote.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
