namespace CronHooks.Bench.Scenarios;

/// <summary><c>ceiling</c>: the references alone, median of the runs.</summary>
internal static class CeilingScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var result = context.Result;
        context.Setting("concurrency", context.Concurrency);
        context.Setting("secondsEach", context.CeilingDuration.TotalSeconds);
        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            var c = await context.CeilingAsync();
            result.Figure("HTTP requests/s (HttpClient → receiver, loopback)", "req/s").Add(c.HttpPerSecond);
            result.Figure("HTTP round trip p50", "ms").Add(c.HttpRoundTripP50Ms);
            result.Figure("HTTP round trip p99", "ms").Add(c.HttpRoundTripP99Ms);
            result.Figure("PostgreSQL batched row writes/s (COPY 1000, 4 conns)", "rows/s").Add(c.PgRowsPerSecond);
        }
    }
}
