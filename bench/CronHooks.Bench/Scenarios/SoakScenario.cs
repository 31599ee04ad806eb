using System.Globalization;
using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using CronHooks.Bench.Reporting;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// A steady due load held for minutes while retention drops history partitions: the history's partitions are
/// shortened (a minute by default) and the retention with them (three minutes), so what takes days in
/// production happens within the run. Whether lateness stays flat from the first minute to the last and the
/// history's size stops growing once retention starts dropping. One run: single values, not medians.
/// </summary>
internal static class SoakScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var rate = context.Args.Int("rate", 1000);
        var minutes = context.Args.Int("minutes", context.Args.Quick ? 4 : 10);
        var partitionMinutes = context.Args.Int("partition-minutes", 1);
        var retentionMinutes = context.Args.Int("retention-minutes", 3);
        context.Setting("rate", rate);
        context.Setting("minutes", minutes);
        context.Setting("partitionMinutes", partitionMinutes);
        context.Setting("retentionMinutes", retentionMinutes);
        var node = new Dictionary<string, string>
        {
            ["Delivery__HistoryPartitionWidth"] = TimeSpan.FromMinutes(partitionMinutes).ToString(),
            ["Delivery__HistoryPartitionsAhead"] = "5",
            ["Delivery__RetentionDays"] = (retentionMinutes / 1440.0).ToString(CultureInfo.InvariantCulture),
            ["Delivery__RetentionInterval"] = "00:00:10",
        };
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency, NodeEnvironment: node));
        Console.WriteLine($"soak: {rate}/s for {minutes} min, history partitions of {partitionMinutes} min, retention {retentionMinutes} min");
        var (firstDue, due) = await ScaleScenario.InsertSteadyLoadAsync(stack, rate, minutes * 60, TimeSpan.FromSeconds(30));

        var samples = new JsonArray();
        var sizes = new List<(double Minute, long Bytes)>();
        var deadline = firstDue.AddSeconds(minutes * 60 + 30);
        var nextSample = firstDue;
        var cpuBefore = await stack.CpuAsync();
        while (DateTimeOffset.UtcNow < deadline && stack.Receiver.Count < due.Count)
        {
            if (DateTimeOffset.UtcNow >= nextSample)
            {
                nextSample = DateTimeOffset.UtcNow.AddSeconds(15);
                var history = await stack.ScalarAsync(
                    "SELECT coalesce(sum(pg_total_relation_size(partition)), 0) + pg_total_relation_size('executions_default') FROM cronhooks_execution_partitions()");
                var partitions = await stack.ScalarAsync("SELECT count(*) FROM cronhooks_execution_partitions()");
                var queue = await stack.ScalarAsync("SELECT pg_total_relation_size('execution_queue')");
                var minute = (DateTimeOffset.UtcNow - firstDue).TotalMinutes;
                sizes.Add((minute, history));
                samples.Add(new JsonObject
                {
                    ["minute"] = Math.Round(minute, 2), ["received"] = stack.Receiver.Count, ["historyBytes"] = history,
                    ["partitions"] = partitions, ["queueBytes"] = queue,
                });
            }
            await Task.Delay(200);
        }
        await Task.Delay(300);
        var cpuAfter = await stack.CpuAsync();
        var arrivals = stack.Receiver.Drain();
        var check = DeliveryCheck.Of(due, arrivals);
        var first = ScaleScenario.MinuteCheck(due, arrivals, firstDue, 0);
        var last = ScaleScenario.MinuteCheck(due, arrivals, firstDue, minutes - 1);
        // Flat: once retention drops (after retention + one partition), the history's size at the end against its size then.
        var steadyFrom = retentionMinutes + partitionMinutes + 0.5;
        var steady = sizes.Where(s => s.Minute >= steadyFrom).ToList();
        var label = $"{rate}/s for {minutes} min, partitions {partitionMinutes} min, retention {retentionMinutes} min";
        context.Result.Figure($"{label}: lateness p99, first minute", "ms").Add(first.Lateness.P99);
        context.Result.Figure($"{label}: lateness p99, last minute", "ms", "≤ 1.5× the first minute").Add(last.Lateness.P99);
        context.Result.Figure($"{label}: last ÷ first minute p99", "ratio", "≤ 1.5").Add(last.Lateness.P99 / Math.Max(first.Lateness.P99, 1));
        if (steady.Count >= 2)
            context.Result.Figure($"{label}: history size, end ÷ when retention started", "ratio", "≈ 1 (flat)").Add((double)steady[^1].Bytes / steady[0].Bytes);
        context.Result.Figure($"{label}: history size at the end", "MB").Add(sizes.Count > 0 ? sizes[^1].Bytes / 1e6 : 0);
        context.Result.Figure($"{label}: lost + duplicated", "count", "0").Add(check.Lost + check.Duplicated);
        var cpu = cpuBefore.PerDelivery(cpuAfter, arrivals.Count);
        context.Result.Figure($"{label}: CPU per delivery, node", "µs").Add(cpu.NodeUs);
        context.Result.Figure($"{label}: CPU per delivery, PostgreSQL", "µs").Add(cpu.PostgresUs);
        context.Result.Details["samples"] = samples;
        context.Result.Details["historyListPlan"] = await HistoryListPlanAsync(stack);
        Console.WriteLine($"  first minute p99 {first.Lateness.P99:0} ms, last minute p99 {last.Lateness.P99:0} ms, lost {check.Lost}, duplicated {check.Duplicated}");
        Console.WriteLine($"  history size: {string.Join(", ", sizes.Select(s => $"{s.Minute:0.0} min {s.Bytes / 1e6:0.0} MB"))}");
        Plots.Write("soak", "lateness", [($"{rate}/s soak lateness", check.LatenessMs)], [($"{rate}/s soak", arrivals.Select(a => a.At).ToList())]);
    }

    /// <summary>
    /// "A webhook's attempts, newest first" and "this occurrence's attempt" on the history the soak left, explained:
    /// index scans on every partition for the first, one partition (pruned) for the second, no sequential scan.
    /// </summary>
    private static async Task<JsonNode> HistoryListPlanAsync(CronHooksStack stack)
    {
        var plans = new JsonObject();
        foreach (var (name, sql) in new[]
        {
            ("list", """
                SELECT * FROM all_executions WHERE webhook_id = (SELECT webhook_id FROM executions LIMIT 1)
                ORDER BY created_at DESC, id DESC LIMIT 20
                """),
            ("occurrence", """
                SELECT 1 FROM executions h, (SELECT webhook_id, scheduled_for FROM executions LIMIT 1) x
                WHERE h.webhook_id = x.webhook_id AND h.scheduled_for = x.scheduled_for AND h.attempt_number = 1
                """),
        })
        {
            await using var command = stack.Db.CreateCommand("EXPLAIN (ANALYZE, COSTS OFF) " + sql);
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    lines.Add(reader.GetString(0));
            // Sequential scans of partitions that hold data (an empty or nearly empty one is scanned whole, rightly).
            var scanned = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Seq Scan on (executions_\w+)"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
            await using var sized = stack.Db.CreateCommand("SELECT count(*) FROM pg_class WHERE relname = ANY (@names) AND pg_relation_size(oid) > 1048576");
            sized.Parameters.AddWithValue("names", scanned);
            var seq = Convert.ToInt32(await sized.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            Console.WriteLine($"  {name} plan: {seq} sequential scans of history partitions over 1 MB, {lines.Count(l => l.Contains("never executed", StringComparison.Ordinal))} partitions pruned at run time");
            plans[name] = new JsonObject { ["sequentialScans"] = seq, ["plan"] = string.Join('\n', lines) };
        }
        return plans;
    }
}
