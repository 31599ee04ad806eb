using CronHooks.Application.Common;
using CronHooks.Scheduler.Delivery;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The claim's one generic plan per connection, on prepared statements like the nodes' data source makes.</summary>
internal sealed class ClaimPlanTests : DeliveryTest
{
    [Test]
    public async Task Claim_WhenItsPlanWasMadeOnAnEmptyQueue_ReadsALargeQueueByIndexOnly()
    {
        // One connection, statements prepared from their second use: the plan looked at below is the one the claims ran.
        await using var dataSource = NpgsqlDataSource.Create(
            TestDatabase.ConnectionString + ";Maximum Pool Size=1;Max Auto Prepare=16;Auto Prepare Min Usages=2");
        var queue = new QueueClaims(dataSource, Options.Create(new QuotaOptions()));
        for (var i = 0; i < 3; i++)
            Assert.That(await queue.ClaimAsync("a", 64, 64, TimeSpan.FromSeconds(5), CancellationToken.None), Is.Empty);
        var webhooks = await Data.ScalarAsync<int>("""
            WITH w AS (
                INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, time_zone, missed_run_policy,
                                      is_active, max_retries, retry_delay_seconds, timeout_seconds, signing_secret, created_at, updated_at, schedule_key)
                SELECT gen_random_uuid(), @p0, 'w' || i, 'http://127.0.0.1:9/', 'POST', '{}', 'Once', now(), 'UTC', 'RunOnce', true, 0, 10, 10,
                       'x', now(), now(), 'plan-' || i
                FROM generate_series(1, 5000) i
                RETURNING id, owner_id)
            , q AS (
                INSERT INTO execution_queue (id, webhook_id, owner_id, scheduled_for, attempt_number, trigger, due_at, created_at)
                SELECT gen_random_uuid(), id, owner_id, now(), 1, 'Schedule', now() - interval '1 second', now() FROM w
                RETURNING 1)
            SELECT count(*)::int FROM q
            """, Owner);

        var claimed = await queue.ClaimAsync("a", 64, 64, TimeSpan.FromSeconds(5), CancellationToken.None);

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand(
            "SELECT name, generic_plans FROM pg_prepared_statements WHERE statement LIKE 'WITH RECURSIVE owners%'", connection);
        string name;
        long genericPlans;
        await using (var reader = await read.ExecuteReaderAsync())
        {
            Assert.That(await reader.ReadAsync(), Is.True, "the claim is a prepared statement");
            (name, genericPlans) = (reader.GetString(0), reader.GetInt64(1));
        }
        // The cached plan, as made on the empty queue (nothing since has invalidated it: no ANALYZE ran); Npgsql numbers the
        // parameters in the order they first appear in the statement.
        await using var explain = new NpgsqlCommand(
            $"SELECT set_config('plan_cache_mode', 'force_generic_plan', false); EXPLAIN EXECUTE {name}(1000000000, 1000000000, 64, 64, '1 minute', 'a', 5)",
            connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        }

        Assert.Multiple(() =>
        {
            Assert.That(webhooks, Is.EqualTo(5000));
            Assert.That(claimed, Has.Count.EqualTo(64), "a full claim");
            Assert.That(genericPlans, Is.GreaterThanOrEqualTo(2), "the claims ran the generic plan");
            Assert.That(plan, Has.None.Contains("Seq Scan on execution_queue"), string.Join('\n', plan));
            Assert.That(plan, Has.None.Contains("Seq Scan on webhooks"), string.Join('\n', plan));
            // Only plain index scans mark the entries of rows that left the queue dead, so later claims skip them.
            Assert.That(plan, Has.None.Contains("Bitmap Heap Scan on execution_queue"), string.Join('\n', plan));
        });
    }
}
