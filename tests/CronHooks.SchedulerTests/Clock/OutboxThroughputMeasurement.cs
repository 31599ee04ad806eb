using System.Diagnostics;
using CronHooks.SchedulerTests.Harness;

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
        await ClockTestData.InsertOnceWebhooksAsync(Owner, instants);
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
}
