using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace CronHooks.CliTests;

/// <summary>What one run of the binary did.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Runs the built cronhooks.dll as a user would, for one user whose config lives in its own folder
/// (XDG_CONFIG_HOME), with CRONHOOKS_URL pointing at the test API.
/// </summary>
public sealed class Cli
{
    private static readonly string Dll = Path.Combine(RepositoryRoot.Path, "src", "CronHooks.Cli", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "cronhooks.dll");

    public Cli()
    {
        ConfigHome = Directory.CreateTempSubdirectory("cronhooks-cli-").FullName;
        WorkDirectory = ConfigHome;
    }

    public string ConfigHome { get; }
    public string WorkDirectory { get; }
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>A new user, logged in through `cronhooks login --username`.</summary>
    public static async Task<Cli> SignUpAsync()
    {
        var username = "cli" + Guid.NewGuid().ToString("N")[..12];
        using var http = new HttpClient { BaseAddress = CliTestHost.ApiAddress };
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { username, email = $"{username}@example.com", password = "correct horse battery" }))
            .EnsureSuccessStatusCode();
        var cli = new Cli();
        cli.Environment["CRONHOOKS_PASSWORD"] = "correct horse battery";
        var login = await cli.RunAsync("login", "--username", username);
        Assert.That(login.ExitCode, Is.Zero, login.ToString());
        cli.Environment.Remove("CRONHOOKS_PASSWORD");
        return cli;
    }

    public string PathOf(string file) => Path.Combine(WorkDirectory, file);

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(30), args);

    public async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running command (tail); the caller reads its output and kills it.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        start.Environment["CRONHOOKS_URL"] = CliTestHost.ApiAddress.ToString();
        start.Environment.Remove("CRONHOOKS_TOKEN");
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        return Process.Start(start)!;
    }
}
