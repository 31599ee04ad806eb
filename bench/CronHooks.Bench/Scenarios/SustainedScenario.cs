using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>sustained</c>: a steady due rate held for a step, raised step by step until a step is not held (lateness
/// p99 &gt; 1 s, anything lost or duplicated, or an attempt not persisted); on 1 node and on 2 nodes.
/// </summary>
internal static class SustainedScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var nodeCounts = context.Args.Ints("nodes", [1, 2]);
        var rates = context.Args.Ints("rates", [100, 200, 400, 800, 1600, 3200, 6400, 12800]);
        var seconds = context.Args.Int("step-seconds", context.Args.Quick ? 10 : 30);
        context.Setting("rates", rates);
        context.Setting("stepSeconds", seconds);
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();
        var maxima = new Dictionary<int, List<double>>();

        foreach (var nodes in nodeCounts)
        {
            await using var stack = await context.StackAsync(new StackSettings(Nodes: nodes, DeliveryConcurrency: context.Concurrency));
            maxima[nodes] = [];
            for (var run = 1; run <= context.Args.Runs; run++)
            {
                Console.WriteLine($"{nodes} node(s), run {run}/{context.Args.Runs}");
                var ceiling = await context.CeilingAsync();
                var (held, steps, lastHeld) = await StepAsync(stack, rates, seconds, context.Result, $"{nodes} node(s)");
                maxima[nodes].Add(held);
                context.Result.Figure($"{nodes} node(s): highest rate held", "deliveries/s", nodes == 1 ? "≥ 10000/s" : "≥ 0.8 × 1 node")
                    .Add(held, ceiling.PgRowsPerSecond).CeilingName = "PostgreSQL rows/s";
                context.Result.Figure($"{nodes} node(s): lateness p99 at highest rate held", "ms", "≤ 1000 ms")
                    .Add(lastHeld?.Check.Lateness.P99 ?? double.NaN, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Details[$"nodes{nodes}-run{run}"] = steps;
                if (run == 1 && lastHeld is not null)
                {
                    latencies.Add(($"{nodes} node(s) at {held}/s", lastHeld.Check.LatenessMs));
                    throughput.Add(($"{nodes} node(s) at {held}/s", lastHeld.Arrivals.Select(a => a.At).ToList()));
                }
            }
        }
        if (maxima.TryGetValue(1, out var one) && maxima.TryGetValue(2, out var two))
        {
            var ratio = context.Result.Figure("2 nodes ÷ 1 node (highest rate held)", "ratio", "≥ 0.8");
            for (var i = 0; i < Math.Min(one.Count, two.Count); i++)
                ratio.Add(one[i] > 0 ? two[i] / one[i] : double.NaN);
        }
        Plots.Write("sustained", "lateness", latencies, throughput);
    }

    /// <summary>Steps up the rates; returns the highest one held, each step's figures, and the held step's outcome.</summary>
    /// <param name="stack">The stack under load.</param>
    /// <param name="rates">Rates to try, in order.</param>
    /// <param name="seconds">Length of each step.</param>
    /// <param name="cpuFigures">Where each step's CPU per delivery goes as a figure (one per rate), when given.</param>
    /// <param name="label">The figures' prefix, e.g. "1 node(s)".</param>
    public static async Task<(int Held, JsonArray Steps, LoadOutcome? LastHeld)> StepAsync(CronHooksStack stack, int[] rates, int seconds,
        ResultFile? cpuFigures = null, string label = "")
    {
        var held = 0;
        LoadOutcome? lastHeld = null;
        var steps = new JsonArray();
        foreach (var rate in rates)
        {
            Console.WriteLine($" step {rate}/s for {seconds} s");
            var outcome = await DueLoad.RunOnceAtSecondsAsync(stack, rate, seconds);
            steps.Add(new JsonObject
            {
                ["rate"] = rate,
                ["held"] = outcome.Held,
                ["p50Ms"] = Math.Round(outcome.Check.Lateness.P50, 1),
                ["p99Ms"] = Math.Round(outcome.Check.Lateness.P99, 1),
                ["maxMs"] = Math.Round(outcome.Check.Lateness.Max, 1),
                ["lost"] = outcome.Check.Lost,
                ["duplicated"] = outcome.Check.Duplicated,
                ["persisted"] = outcome.Persisted,
                ["loadAverage"] = Machine.LoadAverageNow(),
                ["cpuPerDelivery"] = outcome.Cpu?.ToJson(),
            });
            if (cpuFigures is not null)
                BurstScenario.RecordCpu(cpuFigures, $"{label} at {rate}/s", outcome.Cpu);
            if (!outcome.Held)
                break;
            held = rate;
            lastHeld = outcome;
        }
        // What the failed step left in flight must not leak into the next run.
        await Task.Delay(2000);
        await stack.ResetAsync();
        return (held, steps, lastHeld);
    }
}
