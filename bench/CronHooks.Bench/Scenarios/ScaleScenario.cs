using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using CronHooks.Bench.Reporting;
using Npgsql;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>scale</c>: 10k / 100k / 1M stored webhooks, mostly far in the future, while the due rate stays constant:
/// lateness p99 of the due load and create p99 (API, 8 clients, closed loop, at the same time) per size; the
/// claim query's plan (EXPLAIN ANALYZE, rolled back); autovacuum statistics of webhooks and executions.
/// Stored webhooks are recurring yearly schedules on 1 January (100 distinct expressions, so 100 triggers),
/// owned by 1,000 users (the default limit is 1,000 webhooks per user).
/// </summary>
internal static class ScaleScenario
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var sizes = context.Args.Ints("sizes", context.Args.Quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000]);
        var rate = context.Args.Int("rate", 100);
        var seconds = context.Args.Int("seconds", context.Args.Quick ? 10 : 30);
        var soakMinutes = context.Args.Int("soak-minutes", context.Args.Quick ? 0 : 10);
        context.Setting("soakMinutes", soakMinutes);
        context.Setting("sizes", sizes);
        context.Setting("dueRate", rate);
        context.Setting("seconds", seconds);
        await using var stack = await context.StackAsync(new StackSettings(Nodes: 1, DeliveryConcurrency: context.Concurrency));
        var owners = await CreateOwnersAsync(stack, 1000);
        var latencies = new List<(string, double[])>();
        var throughput = new List<(string, IReadOnlyList<DateTimeOffset>)>();
        var stored = 0;
        var p99BySize = new Dictionary<int, double>();
        foreach (var size in sizes)
        {
            Console.WriteLine($"stored webhooks: {size}");
            stored = await FillAsync(stack, owners, stored, size);
            for (var run = 1; run <= context.Args.Runs; run++)
            {
                Console.WriteLine($" run {run}/{context.Args.Runs}");
                var ceiling = await context.CeilingAsync();
                var creates = new List<double>();
                var outcome = await DueLoadKeepingStoredAsync(stack, rate, seconds, first => CreateWhileAsync(stack, creates, first.AddSeconds(seconds)));
                var createSummary = Stats.Summarize(creates);
                context.Result.Figure($"{size} stored: lateness p99", "ms", "< 2× the 10k value at 1M").Add(outcome.Check.Lateness.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{size} stored: create p99", "ms", "< 2× the 10k value at 1M").Add(createSummary.P99, ceiling.HttpRoundTripP99Ms).CeilingName = "HTTP round trip p99";
                context.Result.Figure($"{size} stored: lost + duplicated", "count", "0").Add(outcome.Check.Lost + outcome.Check.Duplicated);
                if (run == 1)
                {
                    latencies.Add(($"{size} stored: due lateness", outcome.Check.LatenessMs));
                    latencies.Add(($"{size} stored: create latency", creates.ToArray()));
                    throughput.Add(($"{size} stored", outcome.Arrivals.Select(a => a.At).ToList()));
                }
            }
            p99BySize[size] = context.Result.Figure($"{size} stored: lateness p99", "ms").Median;
            context.Result.Details[$"claimPlan{size}"] = await ClaimPlanAsync(stack);
            context.Result.Details[$"tableStats{size}"] = await TableStatsAsync(stack);
        }
        if (sizes.Length > 1)
        {
            context.Result.Figure($"lateness p99 growth {sizes[0]} → {sizes[^1]}", "ratio", "< 2")
                .Add(p99BySize[sizes[^1]] / p99BySize[sizes[0]]);
            var create = context.Result.Figure($"create p99 growth {sizes[0]} → {sizes[^1]}", "ratio", "< 2");
            create.Add(context.Result.Figure($"{sizes[^1]} stored: create p99", "ms").Median / context.Result.Figure($"{sizes[0]} stored: create p99", "ms").Median);
        }
        if (soakMinutes > 0)
        {
            var soak = await SoakAsync(context, stack, rate, soakMinutes, sizes[^1]);
            latencies.Add(($"{sizes[^1]} stored: {soakMinutes} min soak lateness", soak.Check.LatenessMs));
            throughput.Add(($"{sizes[^1]} stored: {soakMinutes} min soak", soak.Arrivals.Select(a => a.At).ToList()));
        }
        Plots.Write("scale", "lateness / create latency", latencies, throughput);
    }

    /// <summary>
    /// The due load held for minutes on the largest store, without clearing the history in between: whether
    /// autovacuum keeps up with the queue table (every attempt is an insert, a claim and a delete) shows as
    /// dead rows that stay bounded and a lateness p99 that does not grow from the first minute to the last.
    /// One run: the figures are single values, not medians.
    /// </summary>
    private static async Task<LoadOutcome> SoakAsync(ScenarioContext context, CronHooksStack stack, int rate, int minutes, int size)
    {
        Console.WriteLine($"soak: {rate}/s for {minutes} min with {size} stored");
        // 15 s ahead: inserting a 10-minute load takes a few seconds.
        var (firstDue, due) = await InsertSteadyLoadAsync(stack, rate, minutes * 60, TimeSpan.FromSeconds(15));

        var samples = new JsonArray();
        var deadline = firstDue.AddSeconds(minutes * 60 + 30);
        var nextSample = DateTimeOffset.UtcNow;
        long maxDead = 0, firstVacuums = -1, lastVacuums = 0;
        while (DateTimeOffset.UtcNow < deadline && stack.Receiver.Count < due.Count)
        {
            if (DateTimeOffset.UtcNow >= nextSample)
            {
                nextSample = DateTimeOffset.UtcNow.AddSeconds(30);
                var stats = await TableStatsAsync(stack);
                var executions = stats.AsArray().Single(r => (string)r!["table"]! == "execution_queue")!;
                maxDead = Math.Max(maxDead, (long)executions["dead"]!);
                lastVacuums = (long)executions["autovacuums"]!;
                if (firstVacuums < 0)
                    firstVacuums = lastVacuums;
                samples.Add(new JsonObject { ["at"] = DateTimeOffset.UtcNow.ToString("O"), ["received"] = stack.Receiver.Count, ["tables"] = stats });
            }
            await Task.Delay(200);
        }
        await Task.Delay(300);
        var arrivals = stack.Receiver.Drain();
        var check = DeliveryCheck.Of(due, arrivals);
        var label = $"{size} stored, {minutes} min soak at {rate}/s";
        var first = MinuteCheck(due, arrivals, firstDue, 0);
        var last = MinuteCheck(due, arrivals, firstDue, minutes - 1);
        context.Result.Figure($"{label}: lateness p99, first minute", "ms").Add(first.Lateness.P99);
        context.Result.Figure($"{label}: lateness p99, last minute", "ms", "≤ 2× the first minute").Add(last.Lateness.P99);
        context.Result.Figure($"{label}: dead execution_queue rows, highest sample", "rows").Add(maxDead);
        context.Result.Figure($"{label}: autovacuums of execution_queue", "count", "> 0").Add(lastVacuums - Math.Max(firstVacuums, 0));
        context.Result.Figure($"{label}: lost + duplicated", "count", "0").Add(check.Lost + check.Duplicated);
        context.Result.Details["soak"] = samples;
        Console.WriteLine($"  first minute p99 {first.Lateness.P99:0} ms, last minute p99 {last.Lateness.P99:0} ms, dead rows ≤ {maxDead}, autovacuums {lastVacuums - Math.Max(firstVacuums, 0)}, lost {check.Lost}, duplicated {check.Duplicated}");
        return new LoadOutcome(check, 0, double.NaN, firstDue, arrivals);
    }

    internal static DeliveryCheck MinuteCheck(Dictionary<int, DateTimeOffset> due, IReadOnlyList<Arrival> arrivals, DateTimeOffset firstDue, int minute)
    {
        var from = firstDue.AddMinutes(minute);
        var inMinute = due.Where(d => d.Value >= from && d.Value < from.AddMinutes(1)).ToDictionary(d => d.Key, d => d.Value);
        return DeliveryCheck.Of(inMinute, arrivals.Where(a => inMinute.ContainsKey(a.Index)).ToList());
    }

    private static Task<Guid[]> CreateOwnersAsync(CronHooksStack stack, int count) => stack.Data.CreateUsersAsync(count, "tenant");

    private static async Task<int> FillAsync(CronHooksStack stack, Guid[] owners, int stored, int size)
    {
        var started = DateTimeOffset.UtcNow;
        while (stored < size)
        {
            var chunk = Math.Min(50_000, size - stored);
            var hooks = new List<BulkWebhook>(chunk);
            for (var i = 0; i < chunk; i++, stored++)
                hooks.Add(new BulkWebhook(-1, owners[stored % owners.Length], null, $"{stored % 10} {stored / 10 % 10} 1 1 *", null));
            await BulkWebhooks.InsertAsync(stack, hooks);
        }
        // Let the node apply the outbox before measuring.
        while (await stack.ScalarAsync("SELECT count(*) FROM schedule_outbox") > 0)
            await Task.Delay(200);
        Console.WriteLine($"  {size} stored in {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
        return stored;
    }

    /// <summary>Like DueLoad, but only the due (one-time) webhooks and the history are removed between runs.</summary>
    private static async Task<LoadOutcome> DueLoadKeepingStoredAsync(CronHooksStack stack, int rate, int seconds, Func<DateTimeOffset, Task> during)
    {
        var (firstDue, due) = await InsertSteadyLoadAsync(stack, rate, seconds, TimeSpan.FromSeconds(5));
        var duringTask = during(firstDue);
        var deadline = firstDue.AddSeconds(seconds + 20);
        while (DateTimeOffset.UtcNow < deadline && stack.Receiver.Count < due.Count)
            await Task.Delay(50);
        await duringTask;
        await Task.Delay(300);
        var arrivals = stack.Receiver.Drain();
        var check = DeliveryCheck.Of(due, arrivals);
        Console.WriteLine($"  lateness p50 {check.Lateness.P50:0} ms p99 {check.Lateness.P99:0} ms, lost {check.Lost}, duplicated {check.Duplicated}");
        var persisted = await stack.ScalarAsync("SELECT count(*) FROM executions WHERE status = 'Success'");
        return new LoadOutcome(check, persisted, double.NaN, firstDue, arrivals);
    }

    /// <summary>
    /// Clears the due (one-time) webhooks and the history, keeping the stored ones, and inserts <paramref name="rate"/>
    /// one-time webhooks per second for <paramref name="seconds"/>, the first due on the whole second after <paramref name="lead"/>.
    /// </summary>
    internal static async Task<(DateTimeOffset FirstDue, Dictionary<int, DateTimeOffset> Due)> InsertSteadyLoadAsync(
        CronHooksStack stack, int rate, int seconds, TimeSpan lead)
    {
        await using (var clear = stack.Db.CreateCommand("TRUNCATE executions, execution_queue; DELETE FROM webhooks WHERE schedule_type = 'Once'"))
            await clear.ExecuteNonQueryAsync();
        var firstDue = BulkWebhooks.WholeSecondAfter(lead);
        var due = new Dictionary<int, DateTimeOffset>();
        var hooks = new List<BulkWebhook>();
        for (var s = 0; s < seconds; s++)
            for (var k = 0; k < rate; k++)
            {
                var index = DueLoad.NewIndex();
                due[index] = firstDue.AddSeconds(s);
                hooks.Add(new BulkWebhook(index, stack.OwnerId, due[index], null, null));
            }
        stack.Receiver.Drain();
        await BulkWebhooks.InsertAsync(stack, hooks);
        return (firstDue, due);
    }

    private static async Task CreateWhileAsync(CronHooksStack stack, List<double> samples, DateTimeOffset until)
    {
        using var http = stack.ApiClient(8);
        var bag = new System.Collections.Concurrent.ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            var n = 0;
            while (DateTimeOffset.UtcNow < until)
            {
                var at = DateTimeOffset.UtcNow.Date.AddDays(60).AddSeconds(c * 100_000 + n++).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                using var body = new StringContent($$"""{"name":"scale","url":"{{stack.Receiver.BaseUrl}}/r/0","scheduleType":"once","scheduledAt":"{{at}}"}""", Encoding.UTF8, "application/json");
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri("/api/v1/webhooks", UriKind.Relative), body);
                bag.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(100); // a steady trickle of creates, not a flood: this measures latency, not capacity
            }
        }));
        samples.AddRange(bag);
    }

    /// <summary>The claim statement as the node runs it (read from the built Scheduler assembly), explained with literals, rolled back.</summary>
    private static async Task<JsonNode> ClaimPlanAsync(CronHooksStack stack)
    {
        var assembly = Assembly.LoadFrom(Repository.Output("src/CronHooks.Scheduler"));
        var field = assembly.GetType("CronHooks.Scheduler.Delivery.QueueClaims")!.GetField("ClaimSql", BindingFlags.NonPublic | BindingFlags.Static)!;
        var sql = ((string)field.GetRawConstantValue()!)
            .Replace("@per_owner", "8", StringComparison.Ordinal).Replace("@limit", "100", StringComparison.Ordinal)
            .Replace("@node", "'explain'", StringComparison.Ordinal).Replace("@margin_seconds", "30", StringComparison.Ordinal);
        await using var connection = await stack.Db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection, transaction);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(0));
        await transaction.RollbackAsync();
        var plan = string.Join('\n', lines);
        var seqOnExecutions = lines.Any(l => l.Contains("Seq Scan on execution_queue", StringComparison.Ordinal));
        var seqOnWebhooks = lines.Any(l => l.Contains("Seq Scan on webhooks", StringComparison.Ordinal));
        Console.WriteLine($"  claim plan: seq scan on execution_queue {seqOnExecutions}, on webhooks {seqOnWebhooks}");
        return new JsonObject { ["indexOnly"] = !seqOnExecutions && !seqOnWebhooks, ["plan"] = plan };
    }

    private static async Task<JsonNode> TableStatsAsync(CronHooksStack stack)
    {
        await using var command = stack.Db.CreateCommand("""
            SELECT relname, n_live_tup, n_dead_tup, autovacuum_count, autoanalyze_count, last_autovacuum, last_autoanalyze
            FROM pg_stat_user_tables WHERE relname IN ('webhooks', 'execution_queue', 'webhook_delivery_state', 'schedule_outbox') ORDER BY relname
            """);
        var rows = new JsonArray();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new JsonObject
            {
                ["table"] = reader.GetString(0),
                ["live"] = reader.GetInt64(1),
                ["dead"] = reader.GetInt64(2),
                ["autovacuums"] = reader.GetInt64(3),
                ["autoanalyzes"] = reader.GetInt64(4),
                ["lastAutovacuum"] = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5).ToString("O"),
                ["lastAutoanalyze"] = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6).ToString("O"),
            });
        return rows;
    }
}
