using System.Diagnostics;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Bench.Scenarios;

/// <summary>
/// <c>floor</c>: the least PostgreSQL CPU a delivery can cost with this design's tables on this machine — the row work every
/// delivery needs and nothing else, in the product's migrated schema, batched as the node batches it, on one connection with
/// no node running: the fan-out's queue insert, the claim's lease (SKIP LOCKED, by key), the outcome's guarded queue delete,
/// its history insert and its delivery-state update, with the queue vacuumed every 5,000 rows as the nodes vacuum it.
/// Left out, so below what the product can reach: fairness and quotas in the claim, the webhook load, the counters, the
/// body budget, alerts, retries, the clock. Measured in three cumulative parts to say what each costs.
/// </summary>
internal static class FloorScenario
{
    private const string Node = "floor-node";
    private const int VacuumEveryRows = 5_000;

    private static readonly string[] Parts = ["queue", "queue + history", "queue + history + state"];

    private const string FanOutSql = """
        INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
        SELECT cronhooks_uuid_v7(), w, @owner, @at, 1, 'Schedule', now(), now() FROM unnest(@webhooks) w
        """;

    private const string ClaimSql = """
        UPDATE execution_queue e SET lease_owner = @node, lease_expires_at = now() + interval '30 seconds'
        WHERE e.id = ANY (ARRAY(SELECT q.id FROM execution_queue q
                                WHERE q.lease_owner IS NULL AND q.owner_id = @owner AND q.due_at <= now()
                                ORDER BY q.due_at, q.id LIMIT @limit FOR UPDATE SKIP LOCKED))
        RETURNING e.id, e.lease_expires_at
        """;

    private const string DoneSql = """
        done AS (
            DELETE FROM execution_queue q
            WHERE q.id = ANY (@ids) AND q.lease_owner = @node AND q.lease_expires_at = (@leases)[array_position(@ids, q.id)]
            RETURNING q.id, q.webhook_id, q.owner_id, q.scheduled_for, q.attempt_number, q.trigger, q.due_at, q.created_at)
        """;

    private const string HistorySql = """
        history AS (
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                    duration_ms, response_code, response_body, response_truncated, lease_owner, created_at,
                                    finished_at, request_method, request_url, request_headers, request_body)
            SELECT d.id, d.webhook_id, d.owner_id, 'Success', d.attempt_number, d.trigger, d.scheduled_for, d.due_at, now(), 2, 200,
                   '', false, @node, d.created_at, now(), 'POST', @url || d.webhook_id, @headers::jsonb, '{"bench":true}'
            FROM done d
            ON CONFLICT DO NOTHING
            RETURNING webhook_id)
        """;

    private const string StateSql = """
        UPDATE webhook_delivery_state s
        SET last_execution_at = now(), last_outcome_status = 'Success', last_outcome_response_code = 200,
            last_outcome_finished_at = now(), success_count = s.success_count + 1
        WHERE s.webhook_id = ANY (ARRAY(SELECT webhook_id FROM history))
        """;

    private static string OutcomeSql(int part) => part switch
    {
        0 => $"WITH {DoneSql} SELECT count(*) FROM done",
        1 => $"WITH {DoneSql}, {HistorySql} SELECT count(*) FROM history",
        _ => $"WITH {DoneSql}, {HistorySql} {StateSql}",
    };

    public static async Task RunAsync(ScenarioContext context)
    {
        var batch = context.Args.Int("batch", 30);
        var seconds = context.Args.Int("seconds", context.Args.Quick ? 5 : 20);
        context.Setting("batch", batch);
        context.Setting("secondsPerPart", seconds);
        // The product's schema, migrated as for every scenario; no scheduler node, so nothing else touches the queue.
        await using var stack = await CronHooksStack.StartAsync(context.Postgres, context.Receiver, new StackSettings(Nodes: 0));
        var webhooks = await PrepareAsync(stack);
        for (var run = 1; run <= context.Args.Runs; run++)
        {
            Console.WriteLine($"run {run}/{context.Args.Runs}");
            for (var part = 0; part < Parts.Length; part++)
            {
                var (deliveries, cpu) = await MeasureAsync(stack, webhooks, part, batch, TimeSpan.FromSeconds(seconds));
                var perDelivery = cpu / deliveries * 1e6;
                Console.WriteLine($"  {Parts[part]}: {deliveries / seconds:0}/s on one connection, PostgreSQL {perDelivery:0.0} µs per delivery");
                context.Result.Figure($"PostgreSQL CPU per delivery, bare row work: {Parts[part]}", "µs", "≤ 100 µs (full product)").Add(perDelivery);
                context.Result.Figure($"deliveries/s on one connection, bare row work: {Parts[part]}", "/s").Add(deliveries / (double)seconds);
            }
            var roundTrip = await RoundTripAsync(stack, TimeSpan.FromSeconds(Math.Min(seconds, 10)));
            Console.WriteLine($"  SELECT 1: PostgreSQL {roundTrip:0.0} µs per statement");
            context.Result.Figure("PostgreSQL CPU per statement round trip (prepared SELECT 1)", "µs").Add(roundTrip);
        }
    }

    /// <summary>Webhook ids with a delivery-state row each, and today's history partition, as the nodes would leave them.</summary>
    private static async Task<Guid[]> PrepareAsync(CronHooksStack stack)
    {
        var webhooks = Enumerable.Range(0, 50_000).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var command = stack.Db.CreateCommand("""
            SELECT cronhooks_create_execution_partitions(now() - interval '1 day', now() + interval '2 days', interval '1 day');
            INSERT INTO webhook_delivery_state (webhook_id, failure_streak, failing_alert_raised) SELECT unnest(@webhooks), 0, false;
            """);
        command.Parameters.AddWithValue("webhooks", webhooks);
        await command.ExecuteNonQueryAsync();
        await using var analyze = stack.Db.CreateCommand("VACUUM ANALYZE webhook_delivery_state");
        await analyze.ExecuteNonQueryAsync();
        return webhooks;
    }

    private static async Task<(long Deliveries, double CpuSeconds)> MeasureAsync(
        CronHooksStack stack, Guid[] webhooks, int part, int batch, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(stack.Postgres.ConnectionString(CronHooksStack.Database) + ";Max Auto Prepare=10");
        await connection.OpenAsync();
        await new NpgsqlCommand("VACUUM execution_queue", connection).ExecuteNonQueryAsync();
        var headers = $$"""{"content-type":"application/json","user-agent":"CronHooks/1.0","webhook-id":"{{Guid.NewGuid()}}","webhook-timestamp":"1765000000","webhook-signature":"v1,{{Convert.ToBase64String(new byte[32])}}"}""";
        var cpuBefore = CpuMeter.TreeSeconds(stack.Postgres.ServerPid).Total;
        var stopwatch = Stopwatch.StartNew();
        long deliveries = 0, sinceVacuum = 0;
        var offset = 0;
        while (stopwatch.Elapsed < duration)
        {
            var slice = webhooks.AsSpan(offset, batch).ToArray();
            offset = (offset + batch) % (webhooks.Length - batch);
            await ExecuteAsync(connection, FanOutSql, ("owner", stack.OwnerId), ("at", DateTimeOffset.UtcNow), ("webhooks", slice));

            var ids = new List<Guid>(batch);
            var leases = new List<DateTime>(batch);
            await using (var claim = Command(connection, ClaimSql, ("node", Node), ("owner", stack.OwnerId), ("limit", batch)))
            await using (var reader = await claim.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetGuid(0));
                    leases.Add(reader.GetDateTime(1));
                }
            }

            await using (var outcome = new NpgsqlBatch(connection))
            {
                // Like the product's outcome statement: it counts its own rows, so the history trigger leaves it out.
                outcome.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {CronHooks.Infrastructure.Persistence.HistoryCounts.MarkNextInsertCounted}"));
                var write = new NpgsqlBatchCommand(OutcomeSql(part));
                write.Parameters.AddWithValue("ids", ids.ToArray());
                write.Parameters.AddWithValue("leases", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, leases.ToArray());
                write.Parameters.AddWithValue("node", Node);
                if (part > 0)
                {
                    write.Parameters.AddWithValue("url", "http://127.0.0.1:8080/hook/");
                    write.Parameters.AddWithValue("headers", headers);
                }
                outcome.BatchCommands.Add(write);
                await outcome.ExecuteNonQueryAsync();
            }
            deliveries += ids.Count;
            if ((sinceVacuum += ids.Count) >= VacuumEveryRows)
            {
                await ExecuteAsync(connection, "VACUUM (SKIP_LOCKED, INDEX_CLEANUP ON, TRUNCATE OFF) execution_queue");
                sinceVacuum = 0;
            }
        }
        // The backend's time is read while it is still connected (a closed one counts only once the postmaster reaps it).
        var cpu = CpuMeter.TreeSeconds(stack.Postgres.ServerPid).Total - cpuBefore;
        return (deliveries, cpu);
    }

    /// <summary>What any statement costs the server before it does anything: the protocol, a transaction, a wake-up.</summary>
    private static async Task<double> RoundTripAsync(CronHooksStack stack, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(stack.Postgres.ConnectionString(CronHooksStack.Database) + ";Max Auto Prepare=10");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var cpuBefore = CpuMeter.TreeSeconds(stack.Postgres.ServerPid).Total;
        var stopwatch = Stopwatch.StartNew();
        long statements = 0;
        for (; stopwatch.Elapsed < duration; statements++)
            await command.ExecuteScalarAsync();
        return (CpuMeter.TreeSeconds(stack.Postgres.ServerPid).Total - cpuBefore) / statements * 1e6;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }
}
