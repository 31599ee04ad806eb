using System.Diagnostics;

namespace CronHooks.Bench.Environment;

/// <summary>One product process (API, scheduler node, baseline node) started from its Release build, logging to a file.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string LogDirectory = Directory.CreateTempSubdirectory("cronhooks-bench-logs.").FullName;

    private readonly Process process;

    public string Name { get; }

    public int? Port { get; }

    public string LogFile { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    private ServiceProcess(string name, int? port, Process process, string logFile)
    {
        Name = name;
        Port = port;
        this.process = process;
        LogFile = logFile;
    }

    /// <summary>Runs <c>dotnet dll args</c> from the dll's folder (its content root) with <paramref name="environment"/>.</summary>
    public static ServiceProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, int? port, params string[] args)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing; build it with -c Release", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        if (port is { } p)
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{p}";
        var logFile = Path.Combine(LogDirectory, name + ".log");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, port, process, logFile);
    }

    /// <summary>Polls /health/ready with a deadline; a process that exits first fails with its log.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited ({process.ExitCode}):\n{Tail()}");
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health/ready"))).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Tail()}");
    }

    /// <summary>Waits for a one-shot command (migrate, provision) and fails with its log when it fails.</summary>
    public async Task WaitExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Name} failed ({process.ExitCode}):\n{Tail()}");
    }

    /// <summary>SIGKILL: no drain, no lease release — a crash.</summary>
    public void KillHard() => process.Kill();

    public string Tail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(30)) : "";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first so a node releases its leases; then make sure.
            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }
        process.Dispose();
    }
}
