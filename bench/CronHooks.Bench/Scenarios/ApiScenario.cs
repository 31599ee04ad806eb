using System.Diagnostics;
using System.Globalization;
using System.Text;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>api</c>: POST /api/v1/webhooks through the real HTTP API (JWT, validation, EF, outbox) with a one-time
/// webhook a month ahead on its own second (so each create also means a trigger for the scheduler node to sync).
/// Closed loop: 64 clients each sending the next request when the last answered. Open loop: requests start at a
/// fixed arrival rate whatever the answers do, and latency counts from the intended start (no coordinated omission).
/// </summary>
internal static class ApiScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var clients = context.Args.Int("clients", 64);
        var seconds = context.Args.Int("seconds", context.Args.Quick ? 5 : 20);
        var rate = context.Args.Int("api-rate", context.Args.Quick ? 200 : 1000);
        context.Setting("clients", clients);
        context.Setting("seconds", seconds);
        context.Setting("openLoopRate", rate);
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency));
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();
        // The stack's warm-up runs deliveries, not creates: without this the first run measured the create path's
        // early code and the JIT re-compiling it (tiered PGO: still 10-15 % of the machine's CPU 20 s in).
        Console.WriteLine(" create warm-up");
        await ClosedLoopAsync(stack, clients, TimeSpan.FromSeconds(context.Args.Quick ? 5 : 30));
        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            var ceiling = await context.CeilingAsync();
            await stack.ResetAsync();
            var closed = await ClosedLoopAsync(stack, clients, TimeSpan.FromSeconds(seconds));
            Record(context.Result, $"closed loop, {clients} clients", closed, ceiling);
            await stack.ResetAsync();
            var open = await OpenLoopAsync(stack, rate, TimeSpan.FromSeconds(seconds));
            Record(context.Result, $"open loop at {rate}/s", open, ceiling);
            if (run == 1)
            {
                latencies.Add(("closed loop", closed.LatenciesMs));
                latencies.Add(($"open loop {rate}/s", open.LatenciesMs));
                throughput.Add(("closed loop", closed.Completions));
                throughput.Add(($"open loop {rate}/s", open.Completions));
            }
        }
        Plots.Write("api", "create latency", latencies, throughput);
    }

    private sealed record Outcome(double PerSecond, double[] LatenciesMs, int Errors, List<DateTimeOffset> Completions);

    private static void Record(ResultFile result, string label, Outcome o, CeilingValues ceiling)
    {
        var summary = Stats.Summarize(o.LatenciesMs);
        result.Figure($"{label}: creates/s", "req/s", "≥ 2000/s").Add(o.PerSecond, ceiling.HttpPerSecond).CeilingName = "HTTP requests/s";
        result.Figure($"{label}: latency p50", "ms").Add(summary.P50, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
        result.Figure($"{label}: latency p99", "ms", "≤ 50 ms").Add(summary.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
        result.Figure($"{label}: errors", "count", "0").Add(o.Errors);
        Console.WriteLine($"  {label}: {o.PerSecond:0}/s, p50 {summary.P50:0.0} ms, p99 {summary.P99:0.0} ms, errors {o.Errors}");
    }

    private static int sequence;

    private static StringContent Body(string receiverUrl)
    {
        var n = Interlocked.Increment(ref sequence);
        var at = DateTimeOffset.UtcNow.Date.AddDays(30).AddSeconds(n % 2_000_000).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var json = $$"""{"name":"api bench {{n}}","url":"{{receiverUrl}}/r/0","scheduleType":"once","scheduledAt":"{{at}}","payload":{"n":{{n}}} }""";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static async Task<Outcome> ClosedLoopAsync(CronHooksStack stack, int clients, TimeSpan duration)
    {
        using var http = stack.ApiClient(clients);
        var stopwatch = Stopwatch.StartNew();
        var samples = new List<double>[clients];
        var completions = new List<DateTimeOffset>[clients];
        var errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = samples[c] = [];
            var done = completions[c] = [];
            while (stopwatch.Elapsed < duration)
            {
                var start = stopwatch.Elapsed;
                using var body = Body(stack.Receiver.BaseUrl);
                using var response = await http.PostAsync(new Uri("/api/v1/webhooks", UriKind.Relative), body);
                mine.Add((stopwatch.Elapsed - start).TotalMilliseconds);
                done.Add(DateTimeOffset.UtcNow);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref errors);
            }
        }));
        var all = samples.SelectMany(s => s).ToArray();
        return new Outcome(all.Length / stopwatch.Elapsed.TotalSeconds, all, errors, completions.SelectMany(c => c).ToList());
    }

    private static async Task<Outcome> OpenLoopAsync(CronHooksStack stack, int rate, TimeSpan duration)
    {
        using var http = stack.ApiClient(256);
        var total = (int)(rate * duration.TotalSeconds);
        var samples = new double[total];
        var completions = new DateTimeOffset[total];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var intended = TimeSpan.FromSeconds((double)i / rate);
            var wait = intended - stopwatch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var slot = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    using var body = Body(stack.Receiver.BaseUrl);
                    using var response = await http.PostAsync(new Uri("/api/v1/webhooks", UriKind.Relative), body);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                samples[slot] = (stopwatch.Elapsed - intended).TotalMilliseconds;
                completions[slot] = DateTimeOffset.UtcNow;
            }));
        }
        await Task.WhenAll(tasks);
        return new Outcome(total / stopwatch.Elapsed.TotalSeconds, samples, errors, completions.ToList());
    }
}
