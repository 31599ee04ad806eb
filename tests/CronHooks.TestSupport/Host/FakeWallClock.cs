namespace CronHooks.TestSupport.Host;

/// <summary>
/// Settings for a process whose wall clock is off by a fixed amount (libfaketime, preloaded; the monotonic clock
/// stays real, so timers and durations are unchanged). ./test.sh installs the faketime package.
/// </summary>
public static class FakeWallClock
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    /// <param name="offset">As libfaketime takes it, e.g. "+30s" or "-30s".</param>
    public static Dictionary<string, string> Offset(string offset)
    {
        if (!File.Exists(Library))
            throw new InvalidOperationException($"{Library} is missing: install the faketime package (./test.sh does).");
        return new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = Library,
            ["FAKETIME"] = offset,
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        };
    }
}
