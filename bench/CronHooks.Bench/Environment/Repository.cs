using System.Diagnostics;

namespace CronHooks.Bench.Environment;

/// <summary>Where the checkout is, its commit, and the Release builds the harness starts.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Output(string folder, string project) =>
        Path.Combine(Root, folder, project, "bin", "Release", "net10.0", project + ".dll");

    public static string Commit() => Run("git", "rev-parse --short HEAD").Trim();

    /// <summary>Builds what the scenario starts, so a result never comes from a stale binary.</summary>
    public static void Build(params string[] projects)
    {
        foreach (var project in projects)
        {
            Console.WriteLine($"building {project} (Release)...");
            Run("dotnet", $"build {project} -c Release -nologo -v quiet");
        }
    }

    public static string Run(string file, string arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory ?? Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    private static string FindRoot()
    {
        // Set when the harness runs from a build folder outside the checkout (e.g. while another scenario runs from bin/).
        if (System.Environment.GetEnvironmentVariable("CRONHOOKS_BENCH_ROOT") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh")))
                return dir.FullName;
        throw new InvalidOperationException("scripts/postgres.sh not found above " + AppContext.BaseDirectory);
    }
}
