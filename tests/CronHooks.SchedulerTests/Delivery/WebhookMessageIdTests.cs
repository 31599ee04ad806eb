using CronHooks.Infrastructure.Delivery;

namespace CronHooks.SchedulerTests.Delivery;

internal sealed class WebhookMessageIdTests
{
    private static readonly Guid Webhook = Guid.Parse("0d9f3c1e-8a55-4c7e-9b61-2f1a7f0c5e42");
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void For_WhenCalledAgainForTheSameOccurrence_ReturnsTheSameId() =>
        Assert.That(WebhookMessageId.For(Webhook, Occurrence), Is.EqualTo(WebhookMessageId.For(Webhook, Occurrence.ToOffset(TimeSpan.FromHours(2)))));

    [Test]
    public void For_WhenTheInstantLosesSubMicrosecondPrecisionInTheDatabase_ReturnsTheSameId() =>
        Assert.That(WebhookMessageId.For(Webhook, Occurrence.AddTicks(7)), Is.EqualTo(WebhookMessageId.For(Webhook, Occurrence)));

    [Test]
    public void For_WhenOccurrenceOrWebhookDiffers_ReturnsADifferentId()
    {
        var id = WebhookMessageId.For(Webhook, Occurrence);
        Assert.Multiple(() =>
        {
            Assert.That(WebhookMessageId.For(Webhook, Occurrence.AddTicks(10)), Is.Not.EqualTo(id));
            Assert.That(WebhookMessageId.For(Guid.NewGuid(), Occurrence), Is.Not.EqualTo(id));
            Assert.That(id, Does.Match("^msg_[0-9a-f]{32}$"));
        });
    }
}
