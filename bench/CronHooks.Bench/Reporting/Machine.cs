using System.Runtime.InteropServices;

namespace CronHooks.Bench.Reporting;

/// <summary>What the numbers were measured on; the load average says how noisy the shared machine was.</summary>
internal sealed record Machine(int Cores, string LoadAverage, string Os, string DotNet, string Cpu)
{
    public static Machine Now() => new(
        System.Environment.ProcessorCount,
        LoadAverageNow(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? ""
            : "");

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}
