using System.Diagnostics;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;
using CronHooks.TestSupport;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// How fast one node turns a flood of one-time creates (each its own second, so its own key) into Quartz
/// triggers. A measurement, not a test: it prints keys applied per second and asserts only that all arrived.
/// Run: CRONHOOKS_OUTBOX_MEASURE_ROWS=5000 dotnet test tests/CronHooks.SchedulerTests -c Release --no-build
///      --filter "FullyQualifiedName~OutboxThroughputMeasurement" --logger "console;verbosity=detailed"
/// </summary>
[Explicit("a measurement: prints outbox keys applied per second")]
[NonParallelizable]
public sealed class OutboxThroughputMeasurement : SchedulerNodeTest
{
    [Test]
    public async Task Outbox_WhenFloodedWithDistinctOneTimeKeys_PrintsKeysAppliedPerSecond()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("CRONHOOKS_OUTBOX_MEASURE_ROWS"), out var n) ? n : 5_000;
        var batch = Environment.GetEnvironmentVariable("CRONHOOKS_OUTBOX_MEASURE_BATCH");
        // No reconciliation and a slow poll: only the outbox, woken by its NOTIFY, creates triggers.
        var settings = new Dictionary<string, string> { ["Scheduler__ReconcileInterval"] = "01:00:00", ["Scheduler__OutboxPollInterval"] = "00:01:00" };
        if (batch is not null)
            settings["Scheduler__OutboxBatchSize"] = batch;
        var node = await StartNodeAsync(settings: settings);
        using var nodeProcess = Process.GetProcessById(node.ProcessId);

        // A minute ahead, one second apart: every row is a distinct key, and none fires while we measure.
        var first = DateTimeOffset.UtcNow.AddSeconds(60);
        var instants = Enumerable.Range(0, rows).Select(i => first.AddSeconds(i)).ToArray();
        await InsertOnceWebhooksAsync(instants);
        var started = Stopwatch.GetTimestamp();
        nodeProcess.Refresh();
        var cpuBefore = nodeProcess.TotalProcessorTime;

        await Eventually.HoldsAsync(async () => await ClockTestData.OutboxCountAsync() == 0, TimeSpan.FromMinutes(5), () => "outbox not drained");
        var elapsed = Stopwatch.GetElapsedTime(started);
        nodeProcess.Refresh();
        // The node's CPU per key is steadier than wall time on a shared machine.
        var cpu = nodeProcess.TotalProcessorTime - cpuBefore;
        var triggers = await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name LIKE 'once-%'");

        TestContext.Out.WriteLine(
            $"outbox: {rows} distinct one-time keys applied in {elapsed.TotalSeconds:0.00} s = {rows / elapsed.TotalSeconds:0} keys/s, "
            + $"node CPU {cpu.TotalMilliseconds / rows:0.00} ms/key (batch {batch ?? "default"})");
        Assert.That(triggers, Is.EqualTo(rows));
    }

    /// <summary>The webhooks and their outbox rows in one transaction, as a burst of API creates would commit them.</summary>
    private async Task InsertOnceWebhooksAsync(DateTimeOffset[] instants)
    {
        var ids = instants.Select(_ => Guid.NewGuid()).ToArray();
        var keys = instants.Select(ScheduleKey.ForInstant).ToArray();
        var secret = TestSecrets.Protector.Protect(SigningSecret.Generate(), WebhookSecrets.SigningSecretContext(Guid.Empty));

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, time_zone,
                missed_run_policy, is_active, max_retries, retry_delay_seconds, timeout_seconds, signing_secret, created_at, updated_at, schedule_key)
            SELECT id, $1, 'measurement', 'http://127.0.0.1:9/hook', 'Post', '{}', 'Once', at, 'UTC',
                'RunOnce', true, 0, 60, 30, $5, now(), now(), key
            FROM unnest($2::uuid[], $3::timestamptz[], $4::text[]) AS t(id, at, key)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Owner });
            insert.Parameters.Add(new NpgsqlParameter { Value = ids });
            insert.Parameters.Add(new NpgsqlParameter { Value = instants.Select(i => i.UtcDateTime).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = keys });
            insert.Parameters.Add(new NpgsqlParameter { Value = secret });
            await insert.ExecuteNonQueryAsync();
        }
        await using (var outbox = new NpgsqlCommand(
            "INSERT INTO schedule_outbox (schedule_key, created_at) SELECT key, now() FROM unnest($1::text[]) AS key", connection, transaction))
        {
            outbox.Parameters.Add(new NpgsqlParameter { Value = keys });
            await outbox.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
