using System.Text.Json;
using CronHooks.Application.Common;
using CronHooks.Domain.Executions;
using CronHooks.Scheduler.Alerts;
using CronHooks.Scheduler.Delivery;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>
/// The claim's and the outcome group's generic plans, made while the statistics say the tables are empty though they are
/// not: what a vacuum leaves when it runs beside an uncommitted bulk insert (it counts none of those rows). A table must
/// then still be read by key, never whole once per row (docs/PERFORMANCE.md, round 15: outcome groups of 5-10 s).
/// </summary>
internal sealed class EmptyStatisticsPlanTests : DeliveryTest
{
    private static readonly string[] HotTables = ["webhooks", "webhook_delivery_state", "execution_queue"];

    [Test]
    public async Task ClaimAndRecord_WhenAVacuumCountedNoneOfTheirRows_JoinNoTableWhole()
    {
        await FillWhileAVacuumCountsNothingAsync(rows: 3000);
        Assert.That(await Data.ScalarAsync<float>("SELECT max(reltuples) FROM pg_class WHERE relname = ANY (@p0)", (object)HotTables),
            Is.Zero, "the premise: the statistics say the tables are empty");

        // One connection, statements prepared from their second use, like the nodes' data source: the plans looked at below
        // are the ones the claims and the outcome groups ran.
        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString
            + ";Maximum Pool Size=1;Max Auto Prepare=64;Auto Prepare Min Usages=2;Options=-c plan_cache_mode=force_custom_plan");
        var quotas = Options.Create(new QuotaOptions());
        var queue = new QueueClaims(dataSource, quotas);
        var history = new HistoryWriter(dataSource, new AlertSignal(TimeProvider.System), quotas);
        var written = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            var claims = await queue.ClaimAsync("a", 16, 1000, TimeSpan.FromMinutes(5), CancellationToken.None);
            written.AddRange(await history.RecordAllAsync("a", [.. claims.Select(c => new RecordedOutcome(c, Sent()))], CancellationToken.None));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var claimPlan = await CachedPlanAsync(connection, "WITH RECURSIVE owners%");
        var recordPlan = await CachedPlanAsync(connection, "WITH input AS%");
        Assert.Multiple(() =>
        {
            Assert.That(written, Has.Count.EqualTo(48).And.All.True, "every outcome written");
            Assert.That(TablesJoinedWhole(claimPlan), Is.Empty, claimPlan.GetRawText());
            Assert.That(TablesJoinedWhole(recordPlan), Is.Empty, recordPlan.GetRawText());
        });
    }

    private static AttemptOutcome Sent() => new(ExecutionStatus.Success, DateTimeOffset.UtcNow, 3, 200, "ok", false, null, null, null,
        new SentRequest("POST", "http://127.0.0.1:9/", new Dictionary<string, string> { ["content-type"] = "application/json" }, "{}"));

    // Webhooks, their delivery state and their due attempts inserted by one transaction that a vacuum of each table runs beside.
    private async Task FillWhileAVacuumCountsNothingAsync(int rows)
    {
        await using var inserting = new NpgsqlConnection(TestDatabase.ConnectionString);
        await inserting.OpenAsync();
        await using var transaction = await inserting.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            WITH w AS (
                INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, time_zone, missed_run_policy,
                                      is_active, max_retries, retry_delay_seconds, timeout_seconds, signing_secret, created_at, updated_at, schedule_key)
                SELECT gen_random_uuid(), $1, 'w' || i, 'http://127.0.0.1:9/', 'POST', '{}', 'Once', now(), 'UTC', 'RunOnce', true, 0, 10, 10,
                       'x', now(), now(), 'empty-stats-' || i
                FROM generate_series(1, $2) i
                RETURNING id, owner_id
            ), s AS (
                INSERT INTO webhook_delivery_state (webhook_id, last_execution_at, failure_streak, failing_alert_raised,
                                                    success_count, failed_count, retrying_count, skipped_count)
                SELECT id, now(), 0, false, 0, 0, 0, 0 FROM w
            )
            INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
            SELECT gen_random_uuid(), id, owner_id, now(), 1, 'Schedule', now() - interval '1 second', now() FROM w
            """, inserting, transaction))
        {
            insert.Parameters.AddWithValue(Owner);
            insert.Parameters.AddWithValue(rows);
            await insert.ExecuteNonQueryAsync();
        }
        foreach (var table in HotTables)
            await Data.ExecuteAsync($"VACUUM {table}");
        await transaction.CommitAsync();
    }

    // The statement's cached generic plan (no parameter values needed: a generic plan is made without them).
    private static async Task<JsonElement> CachedPlanAsync(NpgsqlConnection connection, string statementLike)
    {
        string name;
        int parameters;
        await using (var find = new NpgsqlCommand(
            "SELECT name, cardinality(parameter_types) FROM pg_prepared_statements WHERE statement LIKE $1 AND generic_plans > 0", connection))
        {
            find.Parameters.AddWithValue(statementLike);
            await using var reader = await find.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True, $"{statementLike} ran a cached generic plan");
            (name, parameters) = (reader.GetString(0), reader.GetInt32(1));
        }
        await using var explain = new NpgsqlCommand(
            $"SELECT set_config('plan_cache_mode', 'force_generic_plan', false); EXPLAIN (FORMAT JSON) EXECUTE {name}({string.Join(", ", Enumerable.Repeat("NULL", parameters))})",
            connection);
        await using var plan = await explain.ExecuteReaderAsync();
        await plan.NextResultAsync();
        await plan.ReadAsync();
        return JsonDocument.Parse(plan.GetString(0)).RootElement[0].GetProperty("Plan").Clone();
    }

    // Scans of a hot table with no index condition inside a join or a correlated subplan: the table read whole, then once per
    // row of the other side (inner) or each of its rows matched against the other side (outer). A scan of its own (a CTE's,
    // an array's) reads it once per statement, and is left alone.
    private static List<string> TablesJoinedWhole(JsonElement node, bool joined = false)
    {
        var found = new List<string>();
        if (joined && node.TryGetProperty("Relation Name", out var relation) && HotTables.Contains(relation.GetString())
            && node.GetProperty("Node Type").GetString() != "ModifyTable" && !HasIndexCondition(node))
            found.Add($"{node.GetProperty("Node Type").GetString()} on {relation.GetString()}");
        if (!node.TryGetProperty("Plans", out var children))
            return found;
        var join = node.GetProperty("Node Type").GetString() is "Nested Loop" or "Hash Join" or "Merge Join";
        foreach (var child in children.EnumerateArray())
        {
            var relationship = child.TryGetProperty("Parent Relationship", out var r) ? r.GetString() : null;
            found.AddRange(TablesJoinedWhole(child, relationship switch
            {
                "InitPlan" => false,
                "SubPlan" => true,
                _ => joined || join,
            }));
        }
        return found;
    }

    private static bool HasIndexCondition(JsonElement node) =>
        node.TryGetProperty("Index Cond", out _)
        || (node.TryGetProperty("Plans", out var children) && children.EnumerateArray().Any(c => c.TryGetProperty("Index Cond", out _)));
}
