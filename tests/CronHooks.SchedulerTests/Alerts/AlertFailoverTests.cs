using CronHooks.Domain.Alerts;
using CronHooks.Scheduler.Alerts;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Alerts;

/// <summary>Real scheduler processes: the node sending an alert is killed; another node sends it, once.</summary>
internal sealed class AlertFailoverTests : AlertTest
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Alert_WhenTheNodeSendingItIsKilled_AnotherNodeSendsItOnceWithTheSameWebhookId()
    {
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(500));
        SlowReceiver("/alert", TimeSpan.FromSeconds(60));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.AlertUrl = ReceiverUrl("/alert"));
        // Lease = 5 s send timeout + 2 s margin: the killed node's send cannot time out (and be recorded)
        // before the kill, and the survivor takes over soon after.
        var settings = new Dictionary<string, string>
        {
            ["Alerts:Timeout"] = "00:00:05",
            ["Alerts:LeaseMargin"] = "00:00:02",
            ["Alerts:PollInterval"] = "00:00:00.200",
            ["Delivery:PollInterval"] = "00:00:05",
        };
        await using var a = SchedulerNodes.StartDelivering(TestDatabase.ConnectionString, "node-a", settings);
        await using var b = SchedulerNodes.StartDelivering(TestDatabase.ConnectionString, "node-b", settings);
        await Task.WhenAll(a.WaitUntilDeliveringAsync(StartTimeout), b.WaitUntilDeliveringAsync(StartTimeout));
        await Data.EnqueueAsync(webhook);

        await Eventually.TrueAsync(() => ArrivedAt("/alert") == 1, TimeSpan.FromSeconds(60), "the alert to arrive");
        var holder = (await AlertsAsync(webhook.Id)).Single().LeaseOwner;
        Receiver.ResetMappings();
        SlowReceiver("/alert", TimeSpan.Zero);
        var (killed, survivor) = holder == a.NodeId ? (a, b) : (b, a);
        await killed.KillAsync();

        var alert = await Eventually.ReturnsAsync(async () => (await AlertsAsync(webhook.Id)).Single(),
            row => row.Status == nameof(AlertStatus.Sent), TimeSpan.FromSeconds(45), "the survivor to send the alert");

        var ids = Arrivals.Where(r => r.Path == "/alert").Select(r => r.WebhookId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Kind, Is.EqualTo(AlertKinds.OccurrenceFailed));
            Assert.That(alert.LeaseOwner, Is.EqualTo(survivor.NodeId));
            Assert.That(alert.Attempts, Is.EqualTo(2), "claimed once by each node");
            Assert.That(ids, Has.Count.EqualTo(2), "the killed node's unanswered send and the survivor's one");
            Assert.That(ids.Distinct().Single(), Is.EqualTo(AlertSender.MessageId(alert.Id)));
        });
    }
}
