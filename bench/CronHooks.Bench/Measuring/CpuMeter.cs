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

    // The titles PostgreSQL gives its own processes (not a backend serving a client): WAL writer, checkpointer, autovacuum...
    private static readonly string[] BackgroundTitles =
        ["checkpointer", "background writer", "walwriter", "autovacuum", "logical replication", "archiver", "walsender"];

    /// <summary>
    /// CPU seconds used so far by a server process and its children, living and reaped; and of those, the server's own
    /// background processes (a backend that exited counts through the postmaster's reaped time, with the backends).
    /// </summary>
    public static (double Total, double Background) TreeSeconds(int parentPid)
    {
        if (Read(parentPid) is not { } parent)
            return (0, 0);
        var total = parent.Own + parent.Reaped;
        var background = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } child && child.ParentPid == parentPid)
            {
                total += child.Own;
                if (IsBackground(pid))
                    background += child.Own;
            }
        }
        return (total, background);
    }

    private static bool IsBackground(int pid)
    {
        try
        {
            var title = File.ReadAllText($"/proc/{pid}/cmdline");
            return BackgroundTitles.Any(t => title.Contains(t, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
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

    /// <summary>
    /// CPU seconds the whole machine has been busy so far, all cores and every process and the kernel (/proc/stat: user, nice,
    /// system, irq, softirq, steal), and of those stolen by the hypervisor (steal: time a shared host gave to someone else).
    /// </summary>
    public static (double Busy, double Steal) MachineSeconds()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest time is already in user).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double Ticks(int field) => long.Parse(fields[field], CultureInfo.InvariantCulture) / TicksPerSecond;
        return (Ticks(1) + Ticks(2) + Ticks(3) + Ticks(6) + Ticks(7) + Ticks(8), Ticks(8));
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

    /// <summary>
    /// WAL written so far (pg_stat_wal): bytes, full-page images, and checkpoints started (pg_stat_bgwriter). A full-page
    /// image is a page's first change after a checkpoint written whole, so their share says what checkpoints cost.
    /// </summary>
    public static async Task<WalReading> WalAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT w.wal_bytes::float8, w.wal_fpi, b.checkpoints_timed + b.checkpoints_req
            FROM pg_stat_wal w, pg_stat_bgwriter b
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new WalReading(reader.GetDouble(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Each statement's cumulative calls and execution and planning milliseconds (pg_stat_statements), by query id.</summary>
    public static async Task<IReadOnlyDictionary<long, StatementReading>> StatementsAsync(NpgsqlDataSource db)
    {
        var readings = new Dictionary<long, StatementReading>();
        try
        {
            await using var command = db.CreateCommand("""
                SELECT queryid, calls, total_exec_time, total_plan_time, left(regexp_replace(query, '\s+', ' ', 'g'), 100)
                FROM pg_stat_statements WHERE queryid IS NOT NULL
                """);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                readings[reader.GetInt64(0)] = new StatementReading(reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4));
        }
        catch (PostgresException)
        {
            // no pg_stat_statements: no per-statement view
        }
        return readings;
    }
}

/// <summary>One statement's cumulative figures at one instant.</summary>
internal sealed record StatementReading(long Calls, double ExecMs, double PlanMs, string Query);

/// <summary>Cumulative WAL counters of the server at one instant.</summary>
internal sealed record WalReading(double Bytes, long FullPageImages, long Checkpoints);

/// <summary>A reading of every CPU counter at one instant; the difference of two, divided by deliveries, is the cost of one.</summary>
internal sealed record CpuSnapshot(DateTimeOffset At, double NodeSeconds, (double Total, double Background) PostgresSeconds,
    double HarnessSeconds, (double Busy, double Steal) MachineSeconds,
    double StatementSeconds, WalReading Wal, IReadOnlyDictionary<long, StatementReading> Statements)
{
    public static async Task<CpuSnapshot> TakeAsync(IEnumerable<int> nodePids, int postmasterPid, NpgsqlDataSource db) => new(
        DateTimeOffset.UtcNow,
        nodePids.Sum(CpuMeter.ProcessSeconds),
        CpuMeter.TreeSeconds(postmasterPid),
        CpuMeter.ProcessSeconds(System.Environment.ProcessId),
        CpuMeter.MachineSeconds(),
        await CpuMeter.StatementSecondsAsync(db),
        await CpuMeter.WalAsync(db),
        await CpuMeter.StatementsAsync(db));

    public CpuPerDelivery PerDelivery(CpuSnapshot end, int deliveries)
    {
        var n = Math.Max(1, deliveries);
        return new CpuPerDelivery(
            (end.NodeSeconds - NodeSeconds) * 1e6 / n,
            (end.PostgresSeconds.Total - PostgresSeconds.Total) * 1e6 / n,
            (end.PostgresSeconds.Background - PostgresSeconds.Background) * 1e6 / n,
            (end.HarnessSeconds - HarnessSeconds) * 1e6 / n,
            (end.MachineSeconds.Busy - MachineSeconds.Busy) * 1e6 / n,
            (end.MachineSeconds.Steal - MachineSeconds.Steal) * 1e6 / n,
            (end.StatementSeconds - StatementSeconds) * 1e6 / n,
            (end.At - At).TotalSeconds,
            (end.Wal.Bytes - Wal.Bytes) / n,
            (double)(end.Wal.FullPageImages - Wal.FullPageImages) / n,
            end.Wal.Checkpoints - Wal.Checkpoints,
            TopStatementsBetween(end, n));
    }

    // The window's own top statements by execution time (the totals in TopStatements add up every run and step).
    private JsonArray TopStatementsBetween(CpuSnapshot end, int deliveries)
    {
        var top = new JsonArray();
        foreach (var (id, after) in end.Statements
                     .OrderByDescending(s => s.Value.ExecMs - (Statements.GetValueOrDefault(s.Key)?.ExecMs ?? 0))
                     .Take(6))
        {
            var before = Statements.GetValueOrDefault(id);
            var calls = after.Calls - (before?.Calls ?? 0);
            if (calls == 0)
                continue;
            var execMs = after.ExecMs - (before?.ExecMs ?? 0);
            top.Add(new JsonObject
            {
                ["calls"] = calls,
                ["msPerCall"] = Math.Round(execMs / calls, 3),
                ["execUsPerDelivery"] = Math.Round(execMs * 1000 / deliveries, 1),
                ["planUsPerDelivery"] = Math.Round((after.PlanMs - (before?.PlanMs ?? 0)) * 1000 / deliveries, 1),
                ["query"] = after.Query,
            });
        }
        return top;
    }
}

/// <summary>
/// Microseconds of CPU per delivery over a measured window: node process(es), PostgreSQL processes (and of those its own
/// background processes: WAL writer, checkpointer, autovacuum...), the harness (the receiver and the load's bookkeeping),
/// the whole machine (every process and the kernel: what the cores allow is cores × 1e6 ÷ this, per second) and of that the
/// hypervisor's steal, PostgreSQL statement execution; with the WAL written per delivery (bytes, full-page images) and the
/// checkpoints that began in the window.
/// </summary>
internal sealed record CpuPerDelivery(double NodeUs, double PostgresUs, double PostgresBackgroundUs, double HarnessUs, double MachineUs,
    double StealUs, double StatementUs, double WindowSeconds,
    double WalBytes, double WalFullPages, long Checkpoints, JsonArray Statements)
{
    public JsonObject ToJson() => new()
    {
        ["nodeUs"] = Math.Round(NodeUs, 1),
        ["postgresUs"] = Math.Round(PostgresUs, 1),
        ["postgresBackgroundUs"] = Math.Round(PostgresBackgroundUs, 1),
        ["harnessUs"] = Math.Round(HarnessUs, 1),
        ["machineUs"] = Math.Round(MachineUs, 1),
        ["stealUs"] = Math.Round(StealUs, 1),
        ["postgresStatementsUs"] = double.IsNaN(StatementUs) ? null : Math.Round(StatementUs, 1),
        ["windowSeconds"] = Math.Round(WindowSeconds, 2),
        ["walBytes"] = Math.Round(WalBytes),
        ["walFullPages"] = Math.Round(WalFullPages, 3),
        ["checkpoints"] = Checkpoints,
        ["statements"] = Statements.DeepClone(),
    };
}
