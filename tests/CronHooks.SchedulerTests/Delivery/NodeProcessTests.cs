using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Real scheduler processes: one killed mid-request, one stopped with SIGTERM.</summary>
[OwnDatabase, Parallelizable]
internal sealed class NodeProcessTests : DeliveryTest
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Lease_WhenTheNodeSendingAnAttemptIsKilled_AnotherNodeRedeliversItOnceWithTheSameWebhookId()
    {
        SlowReceiver("/hook", TimeSpan.FromSeconds(60));
        // The request must still be in flight when its node is killed, even on a loaded machine: hence 10 s, not 2 s.
        // Lease = 10 s timeout + 5 s margin, so the survivor takes over about 15 s after the claim.
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.TimeoutSeconds = 10);
        var settings = new Dictionary<string, string> { ["Delivery:LeaseMargin"] = "00:00:05", ["Delivery:PollInterval"] = "00:00:05" };
        await using var a = SchedulerNodes.StartDelivering(TestDatabase.ConnectionString, "node-a", settings);
        await using var b = SchedulerNodes.StartDelivering(TestDatabase.ConnectionString, "node-b", settings);
        await Task.WhenAll(a.WaitUntilDeliveringAsync(StartTimeout), b.WaitUntilDeliveringAsync(StartTimeout));
        var id = await Data.EnqueueAsync(webhook);

        await Eventually.TrueAsync(() => ArrivedAt("/hook") == 1, TimeSpan.FromSeconds(60), "the first request");
        var holder = (await Data.ExecutionAsync(id)).LeaseOwner;
        Receiver.ResetMappings();
        SlowReceiver("/hook", TimeSpan.Zero);
        var (killed, survivor) = holder == a.NodeId ? (a, b) : (b, a);
        await killed.KillAsync();

        var row = await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id), e => e.Status == ExecutionStatus.Success,
            TimeSpan.FromSeconds(60), "the redelivery",
            e => $"{e.Status}, attempt {e.AttemptNumber}, lease {e.LeaseOwner} until {e.LeaseExpiresAt:O}, error {e.ErrorKind}; killed {killed.NodeId}\n{survivor.Output}");
        var ids = Arrivals.Select(a => a.WebhookId).ToList();
        var attempts = await Data.ExecutionsAsync(webhook.Id);
        Assert.Multiple(() =>
        {
            Assert.That(row.LeaseOwner, Is.EqualTo(survivor.NodeId));
            Assert.That(row.AttemptNumber, Is.EqualTo(1));
            Assert.That(ids, Has.Count.EqualTo(2), "sent once by each node");
            Assert.That(ids.Distinct().Single(), Is.EqualTo(WebhookMessageId.For(webhook.Id, row.ScheduledFor)));
            Assert.That(attempts, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Shutdown_WhenSigtermArrivesDuringDeliveries_FinishesWhatFitsTheDrainReleasesTheRestAndExitsZero()
    {
        SlowReceiver("/quick", TimeSpan.FromSeconds(2));
        SlowReceiver("/long", TimeSpan.FromSeconds(60));
        var quick = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/quick"), w => w.TimeoutSeconds = 30);
        var slow = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/long"), w => w.TimeoutSeconds = 120);
        await using var node = SchedulerNodes.StartDelivering(TestDatabase.ConnectionString, "draining", new Dictionary<string, string> { ["Delivery:DrainTimeout"] = "00:00:05" });
        await node.WaitUntilDeliveringAsync(StartTimeout);
        var quickId = await Data.EnqueueAsync(quick);
        var slowId = await Data.EnqueueAsync(slow);
        await Eventually.TrueAsync(() => ArrivedAt("/quick") == 1 && ArrivedAt("/long") == 1, TimeSpan.FromSeconds(60), "both requests");

        await node.TerminateAsync();
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var finished = await Data.ExecutionAsync(quickId);
        var released = await Data.ExecutionAsync(slowId);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, node.Output);
            Assert.That(finished.Status, Is.EqualTo(ExecutionStatus.Success), "finished during the drain");
            Assert.That(released.Status, Is.EqualTo(ExecutionStatus.Pending), "given back after the drain timeout");
            Assert.That(released.LeaseOwner, Is.Null);
            Assert.That(released.LeaseExpiresAt, Is.Null);
        });
    }
}
