using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary><c>punctuality</c>: lateness at 25 %, 50 % and 80 % of the sustained maximum (1 node).</summary>
internal static class PunctualityScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var max = context.Args.Int("max", SustainedMaximum());
        var seconds = context.Args.Int("seconds", context.Args.Quick ? 10 : 30);
        context.Setting("sustainedMaximum", max);
        context.Setting("seconds", seconds);
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency));
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();
        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            var ceiling = await context.CeilingAsync();
            foreach (var percent in new[] { 25, 50, 80 })
            {
                var rate = Math.Max(1, max * percent / 100);
                Console.WriteLine($" {percent} % = {rate}/s for {seconds} s");
                var o = await DueLoad.RunOnceAtSecondsAsync(stack, rate, seconds);
                var target50 = percent == 50 ? "≤ 10 ms" : "";
                var target99 = percent == 50 ? "≤ 100 ms" : "";
                context.Result.Figure($"{percent} % ({rate}/s): lateness p50", "ms", target50).Add(o.Check.Lateness.P50, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{percent} % ({rate}/s): lateness p99", "ms", target99).Add(o.Check.Lateness.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{percent} % ({rate}/s): lateness max", "ms").Add(o.Check.Lateness.Max);
                context.Result.Figure($"{percent} % ({rate}/s): lost + duplicated", "count", "0").Add(o.Check.Lost + o.Check.Duplicated);
                if (run == 1)
                {
                    latencies.Add(($"{percent} % ({rate}/s)", o.Check.LatenessMs));
                    throughput.Add(($"{percent} % ({rate}/s)", o.Arrivals.Select(a => a.At).ToList()));
                }
            }
        }
        Plots.Write("punctuality", "lateness", latencies, throughput);
    }

    private static int SustainedMaximum()
    {
        var path = Path.Combine(ResultFile.ResultsDirectory, "sustained.json");
        if (!File.Exists(path))
            throw new InvalidOperationException("run the sustained scenario first, or pass --max <deliveries/s>");
        var figures = JsonNode.Parse(File.ReadAllText(path))!["figures"]!.AsArray();
        var one = figures.First(f => (string?)f!["name"] == "1 node(s): highest rate held")!;
        return (int)(double)one["median"]!;
    }
}
