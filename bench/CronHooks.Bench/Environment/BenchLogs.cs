namespace CronHooks.Bench.Environment;

/// <summary>Where the product processes of a bench run write their output (one file each, kept after the run).</summary>
internal static class BenchLogs
{
    private static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("cronhooks-bench-logs.").FullName;

    public static string For(string name) => Path.Combine(Directory, name + ".log");
}
