using CronHooks.Domain.Executions;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The node vacuums the queue after enough attempts left it, not only when autovacuum comes round.</summary>
internal sealed class QueueVacuumTests : DeliveryTest
{
    [Test]
    public async Task Node_AfterQueueVacuumRowsAttemptsLeftTheQueue_VacuumsIt()
    {
        var before = await DeliverSixAsync(queueVacuumRows: 3);

        await Eventually.TrueAsync(async () => await VacuumsAsync() > before, TimeSpan.FromSeconds(30), "the queue vacuumed by the node");
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM execution_queue"), Is.Zero, "nothing left queued");
    }

    [Test]
    public async Task Node_WithQueueVacuumRowsZero_LeavesTheQueueToAutovacuum()
    {
        var before = await DeliverSixAsync(queueVacuumRows: 0);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(await VacuumsAsync(), Is.EqualTo(before), "no vacuum by the node");
    }

    /// <summary>Six attempts delivered by a node with the setting; returns the manual vacuums counted before it started.</summary>
    private async Task<long> DeliverSixAsync(int queueVacuumRows)
    {
        SlowReceiver("/ok", TimeSpan.Zero);
        for (var i = 0; i < 6; i++)
            await Data.EnqueueAsync(await Data.CreateWebhookAsync(Owner, ReceiverUrl("/ok")));
        var before = await VacuumsAsync();
        await StartNodeAsync(new Dictionary<string, string?> { ["Delivery:QueueVacuumRows"] = queueVacuumRows.ToString() });
        await Eventually.TrueAsync(async () => await Data.ScalarAsync<long>(
            "SELECT count(*) FROM executions WHERE status = @p0", nameof(ExecutionStatus.Success)) == 6, TimeSpan.FromSeconds(30), "all six delivered");
        return before;
    }

    // Manual vacuums only: autovacuum has a counter of its own.
    private async Task<long> VacuumsAsync() =>
        await Data.ScalarAsync<long>("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'execution_queue'");
}
