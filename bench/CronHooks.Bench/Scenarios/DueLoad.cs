using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// What one load of due webhooks came to: delivery check, persistence, the raw arrivals for plots, and the CPU
/// per delivery from just after the insert until every attempt was recorded (null where not measured).
/// </summary>
internal sealed record LoadOutcome(DeliveryCheck Check, long Persisted, double AllRecordedSeconds, DateTimeOffset FirstDue, IReadOnlyList<Arrival> Arrivals,
    CpuPerDelivery? Cpu = null)
{
    /// <summary>Held = on time (p99 ≤ 1 s), nothing lost or duplicated, every attempt persisted.</summary>
    public bool Held => Check.Lost == 0 && Check.Duplicated == 0 && Persisted >= Check.Expected && Check.Lateness.P99 <= 1000;
}

/// <summary>
/// Puts a load of one-time webhooks on the stack and waits for it: <c>rate</c> webhooks on every whole second
/// for <c>seconds</c> seconds (the clock's resolution is one trigger per second, so a steady rate is a batch
/// per second), or all on one instant. Then waits for arrivals and for every attempt to be recorded.
/// </summary>
internal static class DueLoad
{
    private static int nextIndex;

    public static async Task<LoadOutcome> RunOnceAtSecondsAsync(CronHooksStack stack, int rate, int seconds, Func<DateTimeOffset, Task>? during = null)
    {
        var total = rate * seconds;
        var firstDue = BulkWebhooks.WholeSecondAfter(TimeSpan.FromSeconds(5 + total / 8000.0));
        var due = new Dictionary<int, DateTimeOffset>(total);
        var hooks = new List<BulkWebhook>(total);
        for (var s = 0; s < seconds; s++)
        {
            for (var k = 0; k < rate; k++)
            {
                var index = Interlocked.Increment(ref nextIndex);
                var at = firstDue.AddSeconds(s);
                due[index] = at;
                hooks.Add(new BulkWebhook(index, stack.OwnerId, at, null, null));
            }
        }
        return await RunAsync(stack, hooks, due, firstDue, firstDue.AddSeconds(seconds - 1), during);
    }

    /// <summary>
    /// A steady flow: <paramref name="rate"/> one-time webhooks a second for <paramref name="seconds"/> seconds, each due
    /// at its own instant, evenly spaced (as users' instants fall), around a whole minute at which
    /// <paramref name="recurring"/> recurring webhooks on a handful of cron expressions are due too. Returns the load's
    /// outcome and the checks of the one-time and of the recurring webhooks apart.
    /// </summary>
    public static async Task<(LoadOutcome All, DeliveryCheck OneTime, DeliveryCheck Recurring)> RunSteadyAsync(
        CronHooksStack stack, int rate, int seconds, int recurring)
    {
        var total = rate * seconds;
        // The minute falls mid-load, with room before the load to insert and for the nodes to store the triggers.
        var minute = RecurringLoad.MinuteAfter(TimeSpan.FromSeconds(6 + total / 8000.0 + seconds / 2.0));
        var firstDue = minute.AddSeconds(-(seconds / 2));
        var oneTime = new Dictionary<int, DateTimeOffset>(total);
        var hooks = new List<BulkWebhook>(total + recurring);
        for (var s = 0; s < seconds; s++)
        {
            for (var k = 0; k < rate; k++)
            {
                var index = Interlocked.Increment(ref nextIndex);
                var at = firstDue.AddSeconds(s).AddTicks(TimeSpan.TicksPerSecond * k / rate);
                at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
                oneTime[index] = at;
                hooks.Add(new BulkWebhook(index, stack.OwnerId, at, null, null));
            }
        }
        var cron = new Dictionary<int, DateTimeOffset>(recurring);
        RecurringLoad.Add(stack, recurring, minute, hooks, cron);
        var due = new Dictionary<int, DateTimeOffset>(oneTime.Concat(cron));
        Console.WriteLine($"  {rate}/s spread over each second for {seconds} s, {recurring} recurring due at {minute:HH:mm:ss} mid-load");
        var outcome = await RunAsync(stack, hooks, due, firstDue, firstDue.AddSeconds(seconds), null);
        var oneTimeCheck = DeliveryCheck.Of(oneTime, outcome.Arrivals);
        var recurringCheck = DeliveryCheck.Of(cron, outcome.Arrivals);
        Console.WriteLine($"  one-time: p50 {oneTimeCheck.Lateness.P50:0} ms p99 {oneTimeCheck.Lateness.P99:0} ms; " +
            $"recurring: p50 {recurringCheck.Lateness.P50:0} ms p99 {recurringCheck.Lateness.P99:0} ms max {recurringCheck.Lateness.Max:0} ms");
        return (outcome, oneTimeCheck, recurringCheck);
    }

    public static async Task<LoadOutcome> RunAsync(CronHooksStack stack, List<BulkWebhook> hooks, Dictionary<int, DateTimeOffset> due,
        DateTimeOffset firstDue, DateTimeOffset lastDue, Func<DateTimeOffset, Task>? during = null)
    {
        await stack.ResetAsync();
        await BulkWebhooks.InsertAsync(stack, hooks);
        if (DateTimeOffset.UtcNow > firstDue - TimeSpan.FromSeconds(1))
            Console.WriteLine($"warning: inserting {hooks.Count} webhooks ran into their due time; early lateness includes insertion");

        // After the insert, so the bench's own COPY is not counted, and not long before the load (a load placed around a
        // minute waits for it), so idle time is not counted either; the window includes the clock firing the triggers.
        var measureFrom = firstDue - TimeSpan.FromSeconds(3);
        if (DateTimeOffset.UtcNow < measureFrom)
            await Task.Delay(measureFrom - DateTimeOffset.UtcNow);
        var cpuBefore = await stack.CpuAsync();
        var duringTask = during?.Invoke(firstDue) ?? Task.CompletedTask;
        var deadline = lastDue + TimeSpan.FromSeconds(Math.Max(20, due.Count / 500.0));
        while (DateTimeOffset.UtcNow < deadline && stack.Receiver.Count < due.Count)
            await Task.Delay(50);
        await duringTask;

        // Recorded: every attempt of this load has its outcome row. The wait is bounded so a stuck run still reports.
        long persisted = 0;
        var recordDeadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            persisted = await stack.ScalarAsync("SELECT count(*) FROM executions WHERE status = 'Success'");
            if (persisted >= due.Count || DateTimeOffset.UtcNow > recordDeadline)
                break;
            await Task.Delay(100);
        }
        var recordedAt = DateTimeOffset.UtcNow;
        var cpuAfter = await stack.CpuAsync();
        await Task.Delay(300); // late duplicates still in flight
        var arrivals = stack.Receiver.Drain();
        var check = DeliveryCheck.Of(due, arrivals);
        var cpu = cpuBefore.PerDelivery(cpuAfter, check.Received);
        var outcome = new LoadOutcome(check, persisted, (recordedAt - lastDue).TotalSeconds, firstDue, arrivals, cpu);
        Console.WriteLine($"  {due.Count} due: received {check.Received}, lost {check.Lost}, duplicated {check.Duplicated}, persisted {persisted}, " +
            $"lateness p50 {check.Lateness.P50:0} ms p99 {check.Lateness.P99:0} ms max {check.Lateness.Max:0} ms (load {Reporting.Machine.LoadAverageNow()})");
        Console.WriteLine($"  CPU per delivery: node {cpu.NodeUs:0} µs, PostgreSQL {cpu.PostgresUs:0} µs (statements {cpu.StatementUs:0} µs, background processes {cpu.PostgresBackgroundUs:0} µs), harness {cpu.HarnessUs:0} µs, machine {cpu.MachineUs:0} µs (steal {cpu.StealUs:0} µs) over {cpu.WindowSeconds:0.0} s");
        return outcome;
    }

    public static int NewIndex() => Interlocked.Increment(ref nextIndex);
}
