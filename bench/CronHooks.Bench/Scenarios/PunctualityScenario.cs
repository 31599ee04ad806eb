using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>punctuality</c>: lateness of one-time and of recurring webhooks at idle and under a steady 25 %, 50 % and 80 % of the
/// sustained maximum (1 node), of the half load as one batch a second and of a recurring burst, and run-now latency at
/// idle — the first after the stack started reported on its own.
/// </summary>
internal static class PunctualityScenario
{
    // Recurring webhooks due at the minute inside each steady load: a handful, as most minutes have.
    private const int RecurringUnderLoad = 50;

    public static async Task RunAsync(ScenarioContext context)
    {
        var max = context.Args.Int("max", SustainedMaximum());
        var seconds = context.Args.Int("seconds", context.Args.Quick ? 10 : 30);
        context.Setting("sustainedMaximum", max);
        context.Setting("seconds", seconds);
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency));
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();
        var recurring = context.Args.Int("recurring", 1) != 0; // --recurring 0: one-time and run-now only (no minute waits)
        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            // First, while the stack is as fresh as it will be: run-now, then a handful of recurring webhooks.
            var runNow = await RunNowLatency.RunAsync(stack, 20, TimeSpan.FromMilliseconds(250));
            if (run == 1)
            {
                context.Result.Figure("run-now: first after start, arrival after the API's answer", "ms", "≤ 50 ms").Add(runNow.FirstMs);
                context.Result.Figure("run-now: first after start, arrival after the request", "ms").Add(runNow.FirstFromRequestMs);
                context.Result.Figure("run-now: first after start, the API's answer time", "ms").Add(runNow.FirstAnswerMs);
            }
            context.Result.Figure("run-now (idle): arrival after the API's answer, p50", "ms", "≤ 50 ms").Add(runNow.Latency.P50);
            context.Result.Figure("run-now (idle): arrival after the API's answer, p99", "ms").Add(runNow.Latency.P99);
            context.Result.Figure("run-now (idle): arrival after the request, p50", "ms").Add(runNow.FromRequest.P50);
            context.Result.Figure("run-now (idle): the API's answer time, p50", "ms").Add(runNow.Answer.P50);
            context.Result.Figure("run-now (idle): lost", "count", "0").Add(runNow.Lost);
            if (recurring)
                RecordRecurring(context, "recurring idle (5 webhooks)", (await RecurringLoad.RunAsync(stack, 5)).Check, "≤ 15 ms", "≤ 50 ms");
            var ceiling = await context.CeilingAsync();
            foreach (var percent in new[] { 25, 50, 80 })
            {
                // A steady flow: one-time webhooks each at its own instant, and a handful of recurring ones due at a minute mid-load.
                var rate = Math.Max(1, max * percent / 100);
                Console.WriteLine($" {percent} % = {rate}/s for {seconds} s");
                var (o, oneTime, cron) = await DueLoad.RunSteadyAsync(stack, rate, seconds, RecurringUnderLoad);
                var target50 = percent == 50 ? "≤ 20 ms" : "";
                var target99 = percent == 50 ? "≤ 100 ms" : "";
                context.Result.Figure($"{percent} % ({rate}/s): lateness p50", "ms", target50).Add(oneTime.Lateness.P50, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{percent} % ({rate}/s): lateness p99", "ms", target99).Add(oneTime.Lateness.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{percent} % ({rate}/s): lateness max", "ms").Add(oneTime.Lateness.Max);
                context.Result.Figure($"{percent} % ({rate}/s): lost + duplicated", "count", "0").Add(o.Check.Lost + o.Check.Duplicated);
                RecordRecurring(context, $"recurring under {percent} % ({RecurringUnderLoad} at a minute mid-load)", cron, target50, target99);
                if (run == 1)
                {
                    latencies.Add(($"{percent} % ({rate}/s)", oneTime.LatenessMs));
                    throughput.Add(($"{percent} % ({rate}/s)", o.Arrivals.Select(a => a.At).ToList()));
                }
            }
            {
                // The same half load as one batch a second, all due at one instant: the shape the sustained steps use.
                var rate = Math.Max(1, max / 2);
                var o = await DueLoad.RunOnceAtSecondsAsync(stack, rate, seconds);
                context.Result.Figure($"50 % as one batch a second ({rate} at each second): lateness p50", "ms").Add(o.Check.Lateness.P50);
                context.Result.Figure($"50 % as one batch a second ({rate} at each second): lateness p99", "ms").Add(o.Check.Lateness.P99);
                context.Result.Figure($"50 % as one batch a second ({rate} at each second): lost + duplicated", "count", "0").Add(o.Check.Lost + o.Check.Duplicated);
            }
            if (!recurring)
                continue;
            {
                // One second's worth of the half load, all due at one minute: what a cron clock gets at :00 (a burst).
                var rate = Math.Max(1, max / 2);
                var label = $"recurring burst ({rate} at one minute)";
                var o = await RecurringLoad.RunAsync(stack, rate);
                RecordRecurring(context, label, o.Check, "", "");
                if (run == 1)
                    latencies.Add((label, o.Check.LatenessMs));
            }
        }
        Plots.Write("punctuality", "lateness", latencies, throughput);
    }

    private static void RecordRecurring(ScenarioContext context, string label, DeliveryCheck check, string target50, string target99)
    {
        context.Result.Figure($"{label}: lateness p50", "ms", target50).Add(check.Lateness.P50);
        context.Result.Figure($"{label}: lateness p99", "ms", target99).Add(check.Lateness.P99);
        context.Result.Figure($"{label}: lateness max", "ms").Add(check.Lateness.Max);
        context.Result.Figure($"{label}: lost + duplicated", "count", "0").Add(check.Lost + check.Duplicated);
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
