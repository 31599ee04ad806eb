using CronHooks.Bench.Environment;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>burst</c>: N webhooks on one recurring schedule (<c>* * * * *</c>, ending after its first occurrence, so
/// one occurrence each) due at one minute boundary; and N one-time webhooks due at one instant (a whole second:
/// each one-time webhook is due at its own scheduledAt, so only the same instant makes a burst).
/// </summary>
internal static class BurstScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var sizes = context.Args.Ints("n", context.Args.Quick ? [1000] : [10_000]);
        var settings = new StackSettings(Nodes: context.Args.Int("nodes", 1), DeliveryConcurrency: context.Concurrency);
        context.Setting("sizes", sizes);
        await using var stack = await context.StackAsync(settings);
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();

        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            var ceiling = await context.CeilingAsync();
            foreach (var n in sizes)
            {
                foreach (var kind in new[] { "recurring", "one-time" })
                {
                    Console.WriteLine($" burst {kind} N={n}");
                    var outcome = kind == "recurring" ? await RecurringAsync(stack, n) : await OneTimeAsync(stack, n);
                    Record(context.Result, $"{kind} N={n}", outcome, ceiling);
                    context.Result.Details[$"{kind} N={n} run {run}: cpuPerDelivery"] = outcome.Cpu?.ToJson();
                    if (run == 1)
                    {
                        latencies.Add(($"{kind} N={n}", outcome.Check.LatenessMs));
                        throughput.Add(($"{kind} N={n}", outcome.Arrivals.Select(a => a.At).ToList()));
                    }
                }
            }
        }
        Plots.Write("burst", "lateness", latencies, throughput);
    }

    public static void Record(ResultFile result, string label, LoadOutcome o, CeilingValues ceiling)
    {
        var check = o.Check;
        var deliverSeconds = check.LastArrival is { } last ? (last - o.FirstDue).TotalSeconds : double.NaN;
        result.Figure($"{label}: all delivered after due", "s", "p99 ≤ 1 s (10k)").Add(deliverSeconds);
        result.Figure($"{label}: all recorded after due", "s").Add(o.AllRecordedSeconds + (check.LastArrival is null ? 0 : 0));
        result.Figure($"{label}: deliveries/s during burst", "req/s").Add(check.Expected / Math.Max(deliverSeconds, 0.001), ceiling.HttpPerSecond);
        result.Figure($"{label}: lateness p50", "ms").Add(check.Lateness.P50, ceiling.HttpRoundTripP99Ms);
        result.Figure($"{label}: lateness p99", "ms", "≤ 1000 ms").Add(check.Lateness.P99, ceiling.HttpRoundTripP99Ms);
        result.Figure($"{label}: lateness max", "ms").Add(check.Lateness.Max);
        result.Figure($"{label}: lost", "count", "0").Add(check.Lost);
        result.Figure($"{label}: duplicated", "count", "0").Add(check.Duplicated);
        result.Figure($"{label}: attempts not persisted", "count", "0").Add(Math.Max(0, check.Received - o.Persisted));
        RecordCpu(result, label, o.Cpu);
        foreach (var f in result.Figures.Where(f => f.Name.StartsWith(label, StringComparison.Ordinal) && f.CeilingName is null))
            f.CeilingName = f.Unit == "ms" ? "HTTP round trip p99" : f.Unit == "req/s" ? "HTTP requests/s" : null;
    }

    /// <summary>CPU per delivery of the node process(es) and of PostgreSQL, over the load's window (docs/PERFORMANCE.md).</summary>
    public static void RecordCpu(ResultFile result, string label, Measuring.CpuPerDelivery? cpu)
    {
        if (cpu is null)
            return;
        result.Figure($"{label}: node CPU per delivery", "µs", "≤ 150 µs").Add(cpu.NodeUs);
        result.Figure($"{label}: PostgreSQL CPU per delivery", "µs").Add(cpu.PostgresUs);
        result.Figure($"{label}: PostgreSQL statement time per delivery", "µs").Add(cpu.StatementUs);
        result.Figure($"{label}: machine CPU per delivery (every process, all cores)", "µs").Add(cpu.MachineUs);
        result.Figure($"{label}: WAL per delivery", "bytes").Add(cpu.WalBytes);
    }

    private static Task<LoadOutcome> RecurringAsync(CronHooksStack stack, int n)
    {
        // The next minute boundary with room to insert and sync first.
        var earliest = DateTimeOffset.UtcNow.AddSeconds(6 + n / 8000.0);
        var due = new DateTimeOffset(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        var hooks = new List<BulkWebhook>(n);
        var expected = new Dictionary<int, DateTimeOffset>(n);
        for (var i = 0; i < n; i++)
        {
            var index = DueLoad.NewIndex();
            // Starting just before the due minute: the "* * * * *" trigger survives from an earlier run and would
            // otherwise fire these at the minute before, while the harness waits for the one it chose.
            hooks.Add(new BulkWebhook(index, stack.OwnerId, null, "* * * * *", due.AddSeconds(30), StartsAt: due.AddSeconds(-1)));
            expected[index] = due;
        }
        Console.WriteLine($"  due at {due:HH:mm:ss} (waiting for the minute)");
        return DueLoad.RunAsync(stack, hooks, expected, due, due);
    }

    public static Task<LoadOutcome> OneTimeAsync(CronHooksStack stack, int n)
    {
        var due = BulkWebhooks.WholeSecondAfter(TimeSpan.FromSeconds(5 + n / 8000.0));
        var hooks = new List<BulkWebhook>(n);
        var expected = new Dictionary<int, DateTimeOffset>(n);
        for (var i = 0; i < n; i++)
        {
            var index = DueLoad.NewIndex();
            hooks.Add(new BulkWebhook(index, stack.OwnerId, due, null, null));
            expected[index] = due;
        }
        return DueLoad.RunAsync(stack, hooks, expected, due, due);
    }
}
