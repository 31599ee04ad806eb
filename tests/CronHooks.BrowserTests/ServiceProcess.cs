using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CronHooks.BrowserTests;

/// <summary>
/// One of CronHooks' own programs (the API, a scheduler node) run from its build output as a real
/// process on a free loopback port, as ./run.sh runs it.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public Uri BaseAddress => listening.Task.IsCompletedSuccessfully ? listening.Task.Result : throw new InvalidOperationException($"{Name} is not listening.");

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    /// <summary>Starts <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c> with <paramref name="settings"/> as environment.</summary>
    public static ServiceProcess Start(string project, IReadOnlyDictionary<string, string> settings)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "src", project, "bin", BuildConfiguration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            // The output folder is the content root: appsettings.json and the dashboard's wwwroot are there.
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, project + ".dll"));
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(project, process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until the process reports its address and answers /health/ready.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (process.HasExited)
                Assert.Fail($"{Name} exited with {process.ExitCode}. Output:\n{Output}");
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{Name} was not ready within {timeout}. Output:\n{Output}");
            if (listening.Task.IsCompletedSuccessfully)
            {
                try
                {
                    if ((await http.GetAsync(new Uri(BaseAddress, "/health/ready"))).IsSuccessStatusCode)
                        return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not accepting yet, or busy starting (the first request compiles a lot)
                }
            }
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    // Build output sits at tests/<project>/bin/<configuration>/net10.0/; the services were built the same way.
    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

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

internal static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CronHooks.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("CronHooks.sln not found above " + AppContext.BaseDirectory);
    }
}
