using System.Globalization;
using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>baseline</c>: the same one-time burst, recurring burst and sustained steps against CronHooks (1 node) and
/// against bench/CronHooks.Baseline (one Quartz job + trigger per webhook, clustered store, 1 node with as many
/// threads as CronHooks has delivery slots), on the same PostgreSQL server in the same run, in its own database.
/// Ratios are "times better than the baseline": throughput CronHooks ÷ baseline, times baseline ÷ CronHooks.
/// The baseline's jobs are scheduled before its node starts (its README: a running node sees new triggers only
/// at its next 30 s poll), so its figures do not include that idle wait.
/// </summary>
internal static class BaselineScenario
{
    public const string Project = "bench/CronHooks.Baseline";
    private const string Database = "baseline";

    public static async Task RunAsync(ScenarioContext context)
    {
        var n = context.Args.Int("n", context.Args.Quick ? 1000 : 10_000);
        var rates = context.Args.Ints("rates", [25, 50, 100, 200, 400, 800, 1600, 3200]);
        var seconds = context.Args.Int("step-seconds", context.Args.Quick ? 10 : 30);
        var threads = context.Concurrency;
        context.Setting("n", n);
        context.Setting("rates", rates);
        context.Setting("stepSeconds", seconds);
        context.Setting("baselineThreads", threads);
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency));
        var baselineDb = context.Postgres.ConnectionString(Database, 50);
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();

        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            var ceiling = await context.CeilingAsync();

            Console.WriteLine($" CronHooks one-time burst N={n}");
            var ours = await BurstScenario.OneTimeAsync(stack, n);
            Console.WriteLine($" baseline one-time burst N={n}");
            var theirs = await BaselineLoadAsync(context, baselineDb, n, threads, at => ["--at", Iso(at)], TimeSpan.Zero);
            Compare(context.Result, $"one-time burst N={n}", ours, theirs, ceiling);

            Console.WriteLine($" CronHooks recurring burst N={n}");
            var oursCron = await RecurringAsync(stack, n);
            Console.WriteLine($" baseline recurring burst N={n}");
            var theirsCron = await BaselineLoadAsync(context, baselineDb, n, threads, _ => ["--cron", "* * * * *", "--time-zone", "UTC"], TimeSpan.Zero, minuteAligned: true);
            Compare(context.Result, $"recurring burst N={n}", oursCron, theirsCron, ceiling);

            Console.WriteLine(" CronHooks sustained steps");
            var (oursHeld, oursSteps, _) = await SustainedScenario.StepAsync(stack, rates, seconds);
            Console.WriteLine(" baseline sustained steps");
            var (theirsHeld, theirsSteps) = await BaselineStepsAsync(context, baselineDb, rates, seconds, threads);
            var held = context.Result.Figure("sustained: highest rate held, CronHooks", "deliveries/s").Add(oursHeld, ceiling.PgRowsPerSecond);
            held.CeilingName = "PostgreSQL rows/s";
            context.Result.Figure("sustained: highest rate held, baseline", "deliveries/s").Add(theirsHeld, ceiling.PgRowsPerSecond).CeilingName = "PostgreSQL rows/s";
            if (theirsHeld > 0)
                held.RatiosToBaseline.Add((double)oursHeld / theirsHeld);
            context.Result.Details[$"run{run}"] = new JsonObject { ["cronhooksSteps"] = oursSteps, ["baselineSteps"] = theirsSteps };

            if (run == 1)
            {
                latencies.Add(($"CronHooks one-time N={n}", ours.Check.LatenessMs));
                latencies.Add(($"baseline one-time N={n}", theirs.Check.LatenessMs));
                latencies.Add(($"CronHooks recurring N={n}", oursCron.Check.LatenessMs));
                latencies.Add(($"baseline recurring N={n}", theirsCron.Check.LatenessMs));
                throughput.Add(($"CronHooks one-time N={n}", ours.Arrivals.Select(a => a.At).ToList()));
                throughput.Add(($"baseline one-time N={n}", theirs.Arrivals.Select(a => a.At).ToList()));
            }
        }
        Plots.Write("baseline", "lateness", latencies, throughput);
    }

    private static Task<LoadOutcome> RecurringAsync(CronHooksStack stack, int n)
    {
        var earliest = DateTimeOffset.UtcNow.AddSeconds(6 + n / 8000.0);
        var due = new DateTimeOffset(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        var hooks = new List<BulkWebhook>(n);
        var expected = new Dictionary<int, DateTimeOffset>(n);
        for (var i = 0; i < n; i++)
        {
            var index = DueLoad.NewIndex();
            hooks.Add(new BulkWebhook(index, stack.OwnerId, null, "* * * * *", due.AddSeconds(30)));
            expected[index] = due;
        }
        return DueLoad.RunAsync(stack, hooks, expected, due, due);
    }

    private static void Compare(ResultFile result, string label, LoadOutcome ours, LoadOutcome theirs, CeilingValues ceiling)
    {
        double Delivered(LoadOutcome o) => o.Check.LastArrival is { } last ? (last - o.FirstDue).TotalSeconds : double.NaN;
        var oursTime = Delivered(ours);
        var theirsTime = Delivered(theirs);
        var time = result.Figure($"{label}: all delivered after due, CronHooks", "s");
        time.Add(oursTime);
        time.RatiosToBaseline.Add(theirsTime / oursTime);
        result.Figure($"{label}: all delivered after due, baseline", "s").Add(theirsTime);
        var p99 = result.Figure($"{label}: lateness p99, CronHooks", "ms");
        p99.Add(ours.Check.Lateness.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
        p99.RatiosToBaseline.Add(theirs.Check.Lateness.P99 / ours.Check.Lateness.P99);
        result.Figure($"{label}: lateness p99, baseline", "ms").Add(theirs.Check.Lateness.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
        result.Figure($"{label}: lost + duplicated, CronHooks", "count", "0").Add(ours.Check.Lost + ours.Check.Duplicated);
        result.Figure($"{label}: lost + duplicated, baseline", "count").Add(theirs.Check.Lost + theirs.Check.Duplicated);
        result.Figure($"{label}: attempts not persisted, baseline", "count").Add(Math.Max(0, theirs.Check.Received - theirs.Persisted));
    }

    private static async Task<(int Held, JsonArray Steps)> BaselineStepsAsync(ScenarioContext context, string db, int[] rates, int seconds, int threads)
    {
        var held = 0;
        var steps = new JsonArray();
        foreach (var rate in rates)
        {
            Console.WriteLine($"  baseline step {rate}/s for {seconds} s");
            // One batch of `rate` jobs per whole second, the load CronHooks' steps get (DueLoad.RunOnceAtSecondsAsync).
            var o = await BaselineLoadAsync(context, db, rate * seconds, threads,
                at => ["--at", Iso(at), "--spread-ms", (seconds * 1000).ToString(CultureInfo.InvariantCulture), "--batch-ms", "1000"],
                TimeSpan.FromSeconds(seconds), batchMs: 1000);
            steps.Add(new JsonObject
            {
                ["rate"] = rate, ["held"] = o.Held, ["p50Ms"] = Math.Round(o.Check.Lateness.P50, 1), ["p99Ms"] = Math.Round(o.Check.Lateness.P99, 1),
                ["lost"] = o.Check.Lost, ["duplicated"] = o.Check.Duplicated, ["persisted"] = o.Persisted, ["loadAverage"] = Machine.LoadAverageNow(),
            });
            if (!o.Held)
                break;
            held = rate;
        }
        return (held, steps);
    }

    /// <summary>
    /// A fresh baseline database, <paramref name="count"/> jobs scheduled, then one node started; waits for the
    /// first occurrence of every job. <paramref name="spread"/> is how long after the first due time the last is due.
    /// </summary>
    private static async Task<LoadOutcome> BaselineLoadAsync(ScenarioContext context, string db, int count, int threads,
        Func<DateTimeOffset, string[]> when, TimeSpan spread, bool minuteAligned = false, int batchMs = 0)
    {
        const string project = "bench/CronHooks.Baseline";
        await context.Postgres.CreateDatabaseAsync(Database);
        await using (var provision = CronHooksStack.Start("baseline-provision", project, [], null, "provision", "--connection", db))
            await provision.WaitForSuccessAsync(TimeSpan.FromMinutes(2));
        context.Receiver.Drain();

        // Storing jobs one trigger each is slow (1,000 took 50-75 s on the loaded bench machine): leave room, so the
        // node is up before the first job is due; a node that starts late is reported, and waited for below.
        var lead = TimeSpan.FromSeconds(15 + count * 0.06);
        DateTimeOffset first;
        if (minuteAligned)
        {
            // A cron trigger fires first at the next minute after it is stored, so store it within the minute before.
            var earliest = DateTimeOffset.UtcNow + lead;
            first = new DateTimeOffset(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
            var storeAfter = first.AddSeconds(-59);
            if (storeAfter > DateTimeOffset.UtcNow)
                await Task.Delay(storeAfter - DateTimeOffset.UtcNow);
        }
        else
        {
            first = BulkWebhooks.WholeSecondAfter(lead);
        }
        string[] schedule = ["schedule", "--connection", db, "--count", count.ToString(CultureInfo.InvariantCulture),
            "--url-template", context.Receiver.BaseUrl + "/baseline/{i}", .. when(first)];
        await using (var scheduling = CronHooksStack.Start("baseline-schedule", project, [], null, schedule))
            await scheduling.WaitForSuccessAsync(TimeSpan.FromMinutes(10));

        await using var node = CronHooksStack.Start("baseline-node", project, [], null,
            "serve", "--connection", db, "--node", "baseline-1", "--threads", threads.ToString(CultureInfo.InvariantCulture));
        var startDeadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!node.Output.Contains("started", StringComparison.Ordinal) && DateTimeOffset.UtcNow < startDeadline)
            await Task.Delay(100);
        if (DateTimeOffset.UtcNow > first)
            Console.WriteLine("warning: the baseline node started after the first due time; its lateness includes start-up");

        var due = new Dictionary<int, DateTimeOffset>(count);
        for (var i = 0; i < count; i++)
        {
            // The baseline's schedule command computes the same (its --spread-ms and --batch-ms).
            var offset = spread.TotalMilliseconds * i / count;
            due[i] = first.AddMilliseconds(batchMs > 0 ? Math.Floor(offset / batchMs) * batchMs : offset);
        }
        var last = first + spread;
        var deadline = (DateTimeOffset.UtcNow > last ? DateTimeOffset.UtcNow : last) + TimeSpan.FromSeconds(Math.Max(30, count / 100.0));
        while (DateTimeOffset.UtcNow < deadline && context.Receiver.Count < count)
            await Task.Delay(100);
        await Task.Delay(500);
        // Only each job's first occurrence counts: a cron job fires again every minute, and one stored after a
        // minute boundary (storing is slow) first fires at the next one — lateness is then measured against that.
        var received = context.Receiver.Drain();
        var firstOccurrence = received.GroupBy(a => a.Index).ToDictionary(g => g.Key, g => g.Min(a => a.ScheduledFor));
        var arrivals = received.Where(a => a.ScheduledFor == firstOccurrence[a.Index]).ToList();
        var check = DeliveryCheck.Of(due, arrivals);
        long persisted;
        await using (var source = Npgsql.NpgsqlDataSource.Create(db))
        await using (var command = source.CreateCommand("SELECT count(*) FROM baseline_attempts WHERE status_code BETWEEN 200 AND 299"))
            persisted = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        Console.WriteLine($"  {count} due: received {check.Received}, lost {check.Lost}, duplicated {check.Duplicated}, persisted {persisted}, " +
            $"lateness p50 {check.Lateness.P50:0} ms p99 {check.Lateness.P99:0} ms max {check.Lateness.Max:0} ms");
        return new LoadOutcome(check, persisted, double.NaN, first, arrivals);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
