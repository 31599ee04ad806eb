using CronHooks.SchedulerTests.Harness;
using System.Text;
using CronHooks.Domain.Executions;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The engine feeds the node's delivery metrics (docs/operations.md) as attempts are recorded.</summary>
internal sealed class DeliveryMetricsTests : DeliveryTest
{
    [Test]
    public async Task Deliver_WhenAttemptsAreRecorded_CountsThemByOutcomeAndErrorKind()
    {
        Receiver.Given(Request.Create().WithPath("/ok")).RespondWith(Response.Create().WithStatusCode(200));
        Receiver.Given(Request.Create().WithPath("/down")).RespondWith(Response.Create().WithStatusCode(500));
        var ok = await Data.EnqueueAsync(await Data.CreateWebhookAsync(Owner, ReceiverUrl("/ok")));
        var down = await Data.EnqueueAsync(await Data.CreateWebhookAsync(Owner, ReceiverUrl("/down")));
        await StartNodeAsync();

        foreach (var id in new[] { ok, down })
            await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id), e => e.Status is ExecutionStatus.Success or ExecutionStatus.Failed,
                TimeSpan.FromSeconds(45), "the attempts to finish");

        using var stream = new MemoryStream();
        await Node!.Services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream);
        var samples = PrometheusText.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Multiple(() =>
        {
            Assert.That(samples.Sum("cronhooks_deliveries_total", ("outcome", "success"), ("error_kind", "")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_deliveries_total", ("outcome", "failed"), ("error_kind", "http_status")), Is.EqualTo(1));
            Assert.That(samples.Sum("cronhooks_delivery_duration_seconds_count"), Is.EqualTo(2));
            Assert.That(samples.Sum("cronhooks_delivery_lateness_seconds_count"), Is.EqualTo(2));
        });
    }
}
