using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace CronHooks.Bench.Measuring;

/// <summary>
/// CPU time of the processes under test, read from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime): the scheduler
/// node(s), and the whole PostgreSQL server (postmaster and every backend; backends that exit during the window
/// count through the postmaster's cutime + cstime). pg_stat_statements' total execution time is a second view
/// of the database side that leaves out parsing, planning and the protocol.
/// </summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = ClockTicks();

    /// <summary>USER_HZ, the unit of /proc's CPU times (100 on every common kernel, asked anyway).</summary>
    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit();
            return double.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var hz) && hz > 0 ? hz : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }

    /// <summary>CPU seconds used so far by the process (own threads only); 0 when it is gone.</summary>
    public static double ProcessSeconds(int pid) => Read(pid) is { } s ? s.Own : 0;

    /// <summary>CPU seconds used so far by a server process and its children, living and reaped.</summary>
    public static double TreeSeconds(int parentPid)
    {
        if (Read(parentPid) is not { } parent)
            return 0;
        var total = parent.Own + parent.Reaped;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } child && child.ParentPid == parentPid)
                total += child.Own;
        }
        return total;
    }

    private static (int ParentPid, double Own, double Reaped)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited between listing and reading
        }
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / TicksPerSecond;
        return (int.Parse(fields[4 - 3], CultureInfo.InvariantCulture), Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    /// <summary>Sum of pg_stat_statements' total_exec_time over every statement, in seconds (NaN without the extension).</summary>
    public static async Task<double> StatementSecondsAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT coalesce(sum(total_exec_time), 0) / 1000 FROM pg_stat_statements");
            return Convert.ToDouble(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (PostgresException)
        {
            return double.NaN;
        }
    }
}

/// <summary>A reading of every CPU counter at one instant; the difference of two, divided by deliveries, is the cost of one.</summary>
internal sealed record CpuSnapshot(DateTimeOffset At, double NodeSeconds, double PostgresSeconds, double StatementSeconds)
{
    public static async Task<CpuSnapshot> TakeAsync(IEnumerable<int> nodePids, int postmasterPid, NpgsqlDataSource db) => new(
        DateTimeOffset.UtcNow,
        nodePids.Sum(CpuMeter.ProcessSeconds),
        CpuMeter.TreeSeconds(postmasterPid),
        await CpuMeter.StatementSecondsAsync(db));

    public CpuPerDelivery PerDelivery(CpuSnapshot end, int deliveries)
    {
        var n = Math.Max(1, deliveries);
        return new CpuPerDelivery(
            (end.NodeSeconds - NodeSeconds) * 1e6 / n,
            (end.PostgresSeconds - PostgresSeconds) * 1e6 / n,
            (end.StatementSeconds - StatementSeconds) * 1e6 / n,
            (end.At - At).TotalSeconds);
    }
}

/// <summary>Microseconds of CPU per delivery over a measured window: node process(es), PostgreSQL processes, PostgreSQL statement execution.</summary>
internal sealed record CpuPerDelivery(double NodeUs, double PostgresUs, double StatementUs, double WindowSeconds)
{
    public JsonObject ToJson() => new()
    {
        ["nodeUs"] = Math.Round(NodeUs, 1),
        ["postgresUs"] = Math.Round(PostgresUs, 1),
        ["postgresStatementsUs"] = double.IsNaN(StatementUs) ? null : Math.Round(StatementUs, 1),
        ["windowSeconds"] = Math.Round(WindowSeconds, 2),
    };
}
