using CronHooks.Domain.Executions;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Attempts claimed beyond the free slots: held under a lease, started as slots free, given back on shutdown.</summary>
internal sealed class PrefetchTests : DeliveryTest
{
    [Test]
    public async Task Node_WhenMoreIsDueThanItsSlots_HoldsAPrefetchAndStillSendsEachAttemptOnce()
    {
        SlowReceiver("/slow", TimeSpan.FromSeconds(1));
        // Three owners, two each: the per-owner cap (2) counts held attempts too, so one owner alone could not fill both.
        foreach (var owner in new[] { Owner, await Data.CreateOwnerAsync(), await Data.CreateOwnerAsync() })
            for (var i = 0; i < 2; i++)
                await Data.EnqueueAsync(await Data.CreateWebhookAsync(owner, ReceiverUrl("/slow")));

        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Delivery:MaxConcurrency"] = "2",
            ["Delivery:MaxInFlightPerOwner"] = "2",
            ["Delivery:Prefetch"] = "2",
        });

        // Two sending, two held (leased, not sent yet), two waiting.
        await Eventually.TrueAsync(async () => await LeasedAsync() == 4, TimeSpan.FromSeconds(10), "two sent and two held");
        Assert.That(ArrivedAt("/slow"), Is.LessThanOrEqualTo(2), "held attempts are not sent before a slot frees");
        await Eventually.TrueAsync(async () => await FinishedAsync() == 6, TimeSpan.FromSeconds(30), "all six delivered");
        Assert.That(ArrivedAt("/slow"), Is.EqualTo(6), "each attempt sent once");
    }

    [Test]
    public async Task Node_WhenStopped_GivesItsHeldAttemptsBackAtOnce()
    {
        SlowReceiver("/slow", TimeSpan.FromSeconds(2));
        foreach (var owner in new[] { Owner, await Data.CreateOwnerAsync(), await Data.CreateOwnerAsync(), await Data.CreateOwnerAsync() })
            await Data.EnqueueAsync(await Data.CreateWebhookAsync(owner, ReceiverUrl("/slow")));
        await StartNodeAsync(new Dictionary<string, string?>
        {
            ["Delivery:MaxConcurrency"] = "1",
            ["Delivery:MaxInFlightPerOwner"] = "1",
            ["Delivery:Prefetch"] = "3",
            ["Delivery:DrainTimeout"] = "00:00:10",
        });
        await Eventually.TrueAsync(async () => await LeasedAsync() == 4 && ArrivedAt("/slow") == 1, TimeSpan.FromSeconds(10), "one sending, three held");

        await Node!.StopAsync();

        var rows = await Data.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE status = 'Pending'");
        Assert.That(rows, Is.EqualTo(3), "the three never started are queued again, not left leased");
        Assert.That(await FinishedAsync(), Is.EqualTo(1), "the one sending finished within the drain");
    }

    private async Task<long> LeasedAsync() =>
        await Data.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE lease_owner IS NOT NULL") + await FinishedAsync();

    private async Task<long> FinishedAsync() =>
        await Data.ScalarAsync<long>("SELECT count(*) FROM executions WHERE status = @p0", nameof(ExecutionStatus.Success));
}
