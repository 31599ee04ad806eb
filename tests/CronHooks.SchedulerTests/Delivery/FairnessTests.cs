using CronHooks.SchedulerTests.Harness;
using CronHooks.Domain.Executions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>One tenant's slow receivers do not hold up another tenant's deliveries.</summary>
internal sealed class FairnessTests : DeliveryTest
{
    [Test]
    public async Task Claim_WhenOneOwnerHasABacklogOfSlowReceivers_OtherOwnersAreDeliveredWithinASecond()
    {
        Receiver.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(4)));
        Receiver.Given(Request.Create().WithPath("/fast")).RespondWith(Response.Create().WithStatusCode(200));
        var busy = Owner;
        var quiet = await Data.CreateOwnerAsync();
        // The busy owner's backlog is older, so plain oldest-first claiming would give it every slot.
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++)
            await Data.EnqueueAsync(await Data.CreateWebhookAsync(busy, ReceiverUrl("/slow"), w => w.TimeoutSeconds = 10), dueAt: now.AddSeconds(-30 + i));
        var quietIds = new List<Guid>();
        for (var i = 0; i < 2; i++)
            quietIds.Add(await Data.EnqueueAsync(await Data.CreateWebhookAsync(quiet, ReceiverUrl("/fast")), dueAt: now));

        await StartNodeAsync(new Dictionary<string, string?> { ["Delivery:MaxConcurrency"] = "4", ["Delivery:MaxInFlightPerOwner"] = "2" });
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in quietIds)
                if ((await Data.ExecutionAsync(id)).Status != ExecutionStatus.Success)
                    return false;
            return true;
        }, TimeSpan.FromSeconds(30), "the quiet owner's deliveries");

        // Measured from the node's first send (host start-up is not the engine's doing). Unfair claiming
        // would have sent the quiet owner's attempts only after a 4-second slow batch.
        var firstSend = await Data.ScalarAsync<DateTime>("SELECT min(executed_at) FROM executions");
        var quietSent = await Data.ScalarAsync<DateTime>("SELECT max(executed_at) FROM executions WHERE owner_id = @p0", quiet);
        Assert.Multiple(() =>
        {
            Assert.That(quietSent - firstSend, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(RequestsTo("/slow"), Is.LessThanOrEqualTo(2), "the busy owner never had more than its cap in flight");
        });
    }

    [Test]
    public async Task Claim_WhenOneOwnerIsCapped_TheFreeSlotsStayAvailableAndItsBacklogIsStillWorkedOff()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromMilliseconds(200)));
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add(await Data.EnqueueAsync(await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"))));

        await StartNodeAsync(new Dictionary<string, string?> { ["Delivery:MaxConcurrency"] = "4", ["Delivery:MaxInFlightPerOwner"] = "1" });

        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
                if ((await Data.ExecutionAsync(id)).Status != ExecutionStatus.Success)
                    return false;
            return true;
        }, TimeSpan.FromSeconds(30), "the capped backlog to drain");
        // Capped at one in flight: the requests never overlapped.
        var requests = Receiver.LogEntries.Select(e => e.RequestMessage!.DateTime).Order().ToList();
        for (var i = 1; i < requests.Count; i++)
            Assert.That(requests[i] - requests[i - 1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
    }
}
