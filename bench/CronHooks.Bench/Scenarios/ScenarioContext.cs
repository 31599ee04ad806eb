using CronHooks.Bench.Environment;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>What every scenario gets: its arguments, the bench PostgreSQL, the receiver and its result file.</summary>
internal sealed class ScenarioContext(BenchArgs args, BenchPostgres postgres, Receiver receiver, ResultFile result)
{
    public BenchArgs Args { get; } = args;
    public BenchPostgres Postgres { get; } = postgres;
    public Receiver Receiver { get; } = receiver;
    public ResultFile Result { get; } = result;

    public int Concurrency => Args.Int("concurrency", 64);

    /// <summary>How long each ceiling measurement runs.</summary>
    public TimeSpan CeilingDuration => TimeSpan.FromSeconds(Args.Int("ceiling-seconds", Args.Quick ? 3 : 5));

    public Task<CeilingValues> CeilingAsync() => Ceiling.MeasureAsync(Receiver, Postgres, Concurrency, CeilingDuration);

    /// <summary>
    /// Starts the stack and sends it an unrecorded load first: a fresh process's first deliveries pay for JIT,
    /// connection pools and the first triggers, and would otherwise fail the first measured step. A few thousand
    /// deliveries, so the hot path runs as the tiered JIT's optimized code, as it does on a node that has been up
    /// for a while (measured: the first 10,000-burst after a short warm-up still ran instrumented code).
    /// </summary>
    public async Task<CronHooksStack> StackAsync(StackSettings settings)
    {
        Result.Settings["stack"] = System.Text.Json.JsonSerializer.SerializeToNode(settings);
        Result.Settings["warmUp"] = "500/s for 6 s, unrecorded, after each stack start";
        var stack = await CronHooksStack.StartAsync(Postgres, Receiver, settings);
        Console.WriteLine(" warm-up");
        await DueLoad.RunOnceAtSecondsAsync(stack, 500, 6);
        await stack.ResetAsync();
        return stack;
    }

    public void Setting(string name, object value) =>
        Result.Settings[name] = System.Text.Json.JsonSerializer.SerializeToNode(value);
}
