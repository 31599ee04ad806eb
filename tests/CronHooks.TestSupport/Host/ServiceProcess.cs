using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CronHooks.TestSupport.Host;

/// <summary>
/// One of CronHooks' programs (the API, a scheduler node, the baseline) run from its build output as a real process,
/// as ./run.sh runs it: configured through environment variables, its output captured, stopped, killed or frozen
/// like an operator, a crash or a stalled machine would. Every failure carries the process's output.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter? log;
    private bool logClosed;

    private ServiceProcess(string name, Process process, StreamWriter? log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Where the process serves HTTP: the fixed address it was given, or the one it reported listening on.</summary>
    public Uri Address => listening.Task.IsCompletedSuccessfully ? listening.Task.Result : throw new InvalidOperationException($"{Name} is not listening yet.");

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> OutputLines => lines.ToArray();

    public string Output => string.Join('\n', lines);

    /// <summary>Output lines matching <paramref name="pattern"/>.</summary>
    public IEnumerable<string> Lines(string pattern) => lines.Where(l => Regex.IsMatch(l, pattern));

    /// <summary>
    /// Runs <c>dotnet {dll} {args}</c> from the dll's folder (its content root: appsettings.json and wwwroot are there).
    /// <paramref name="settings"/> become environment variables (<c>Delivery:NodeId</c> as <c>Delivery__NodeId</c>); without
    /// <c>ASPNETCORE_URLS</c> the process listens on a free loopback port. <paramref name="logFile"/> also keeps the output on disk.
    /// </summary>
    public static ServiceProcess Start(
        string dll, IEnumerable<KeyValuePair<string, string>> settings, string? name = null, IEnumerable<string>? args = null, string? logFile = null)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing: build the solution first.", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args ?? [])
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var service = new ServiceProcess(name ?? Path.GetFileNameWithoutExtension(dll), new Process { StartInfo = start },
            logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true });
        // A fixed port is known now; a free one (port 0) only once the process says where it listens.
        if (Uri.TryCreate(start.Environment["ASPNETCORE_URLS"], UriKind.Absolute, out var fixedAddress) && fixedAddress.Port != 0)
            service.listening.TrySetResult(fixedAddress);
        service.process.OutputDataReceived += (_, e) => service.Record(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        service.process.Start();
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 2xx; fails with the output if the process exits or time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, string path = "/health/ready")
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var lastAnswer = "no answer";
        while (!deadline.IsCancellationRequested)
        {
            ThrowIfExited("before it was ready");
            if (listening.Task.IsCompletedSuccessfully)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(Address, path), deadline.Token);
                    if (response.IsSuccessStatusCode)
                        return;
                    lastAnswer = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not accepting yet, or busy starting (the first request compiles a lot)
                }
            }
            await DelayAsync(deadline.Token);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout} ({path} last answered {lastAnswer}).\n{Output}");
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (e.g. a worker's start line); fails with the output otherwise.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            ThrowIfExited($"before it wrote '{text}'");
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"{Name} did not write '{text}' within {timeout}.\n{Output}");
            await DelayAsync(deadline.Token);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; fails with the output if it is still running.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}.\n{Output}");
        }
        return process.ExitCode;
    }

    /// <summary>For a one-shot command (migrate, provision): waits for it to end and fails with its output unless it succeeded.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        var exitCode = await WaitForExitAsync(timeout);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Name} failed with exit code {exitCode}.\n{Output}");
    }

    /// <summary>kill -9: no shutdown code runs, leases and locks stay behind.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a container runtime or systemd sends it, without waiting for the exit.</summary>
    public Task TerminateAsync() => SignalAsync("TERM");

    /// <summary>SIGTERM and wait for a graceful exit (killed if it takes longer than <paramref name="timeout"/>, default 30 s).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited)
            return;
        await TerminateAsync();
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
    /// SIGSTOP: the process stops where it is, mid-transaction or not, its connections open and their locks held — as a
    /// paused VM, a stalled disk or a long GC pause would leave them. Nothing in it runs until <see cref="ThawAsync"/>.
    /// </summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the frozen process carries on from where it stopped, unaware of the time that passed.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        if (process.HasExited)
            return;
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Kills the process if it still runs (tests stop what they started, whatever happened).</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        if (log is not null)
        {
            lock (log)
            {
                logClosed = true;
                log.Dispose();
            }
        }
    }

    private void ThrowIfExited(string when)
    {
        if (process.HasExited)
            throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} {when}.\n{Output}");
    }

    private static async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the caller's loop reports the timeout with the output
        }
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lines.Enqueue(line);
        if (log is not null)
        {
            lock (log)
            {
                if (!logClosed)
                    log.WriteLine(line);
            }
        }
        if (ListeningLine().Match(line) is { Success: true } match)
            listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    // Plain or JSON console output (JSON outside Development): the address ends at whitespace or a quote.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
