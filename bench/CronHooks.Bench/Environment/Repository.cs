using System.Diagnostics;

namespace CronHooks.Bench.Environment;

/// <summary>Where the checkout is, its commit, and the Release builds the harness starts.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The Release build of <paramref name="project"/>, e.g. <c>src/CronHooks.Api</c>.</summary>
    public static string Output(string project) =>
        Path.Combine(Root, project, "bin", "Release", "net10.0", Path.GetFileName(project) + ".dll");

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

    // Set when the harness runs from a build folder outside the checkout (e.g. while another scenario runs from bin/).
    private static string FindRoot() =>
        System.Environment.GetEnvironmentVariable("CRONHOOKS_BENCH_ROOT") is { Length: > 0 } configured ? configured : RepositoryRoot.Path;
}
