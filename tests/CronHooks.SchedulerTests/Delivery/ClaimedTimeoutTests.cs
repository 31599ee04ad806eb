using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Delivery;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The request keeps to the timeout its lease was sized from, whatever the webhook says by the time it is sent.</summary>
internal sealed class ClaimedTimeoutTests : QueueSqlTest
{
    [Test]
    public async Task Send_WhenTheTimeoutIsRaisedBetweenClaimAndSend_UsesTheTimeoutTheLeaseWasSizedFrom()
    {
        Receiver.Given(Request.Create().WithPath("/slow")).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/slow"), w => w.TimeoutSeconds = 1);
        var id = await Data.EnqueueAsync(webhook);
        // A node of the test's own does the claim, so the running node (started below) has nothing to claim.
        // A long margin, so the lease outlasts the node's start on a busy machine.
        var claim = (await Queue.ClaimAsync("claimer", 1, 1, TimeSpan.FromSeconds(60), CancellationToken.None)).Single();
        // An edit lands between the claim and the send: the request must still stop at 1 s, as the lease assumed.
        await Data.ExecuteAsync("UPDATE webhooks SET timeout_seconds = 30 WHERE id = @p0", webhook.Id);
        await StartNodeAsync();
        var runner = Node!.Services.GetRequiredService<AttemptRunner>();

        await runner.RunAsync("claimer", claim, runner.LoadWebhooksAsync([claim], CancellationToken.None), CancellationToken.None);

        var execution = await Data.ExecutionAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(claim.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1)), "the claim carries the timeout it sized the lease from");
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed), "written under the claim's lease");
            Assert.That(execution.ErrorKind, Is.EqualTo(DeliveryErrorKinds.Timeout));
            Assert.That(execution.DurationMs, Is.InRange(950, 3000));
        });
    }
}
