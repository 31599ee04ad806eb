using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>The kept response body at the 64 KiB limit, read through a pooled buffer, against a real receiver.</summary>
internal sealed class ResponseBodyTests : DeliveryTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private async Task<Execution> DeliverAsync(Webhook webhook)
    {
        var id = await Data.EnqueueAsync(webhook);
        if (Node is null)
            await StartNodeAsync();
        return await Eventually.ReturnsAsync(() => Data.ExecutionAsync(id),
            e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running), Deadline, "the attempt to finish");
    }

    private async Task<Execution> AnsweredWithAsync(string path, string body)
    {
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
        return await DeliverAsync(await Data.CreateWebhookAsync(Owner, ReceiverUrl(path)));
    }

    [Test]
    public async Task Deliver_WhenBodyIsExactly64KiB_KeepsItWholeAndNotTruncated()
    {
        var body = new string('a', Execution.MaxResponseBodyBytes);

        var execution = await AnsweredWithAsync("/exact", body);

        Assert.Multiple(() =>
        {
            Assert.That(execution.ResponseBody, Is.EqualTo(body));
            Assert.That(execution.ResponseTruncated, Is.False);
        });
    }

    [Test]
    public async Task Deliver_WhenBodyIsOneByteOver64KiB_KeepsTheFirst64KiBAndFlagsTruncation()
    {
        var body = new string('b', Execution.MaxResponseBodyBytes) + "c";

        var execution = await AnsweredWithAsync("/over", body);

        Assert.Multiple(() =>
        {
            Assert.That(execution.ResponseBody, Is.EqualTo(body[..Execution.MaxResponseBodyBytes]));
            Assert.That(execution.ResponseTruncated, Is.True);
        });
    }

    [Test]
    public async Task Deliver_WhenAShortBodyFollowsALongOne_KeepsNothingOfTheEarlierBody()
    {
        // The read buffer is pooled: a reused one must never show what an earlier receiver sent.
        await AnsweredWithAsync("/long", new string('L', 40_000));

        var execution = await AnsweredWithAsync("/short", "ok");

        Assert.That(execution.ResponseBody, Is.EqualTo("ok"));
    }
}
