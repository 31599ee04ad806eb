using System.Text.RegularExpressions;
using CronHooks.Domain.Webhooks;

namespace CronHooks.UnitTests.Domain;

public sealed class WebhookLimitsTests
{
    // The key pattern spells its length out; this keeps it equal to the limit the column and validator use.
    [Test]
    public void KeyPattern_WhenAKeyIsAtOrOverTheMaximumLength_AcceptsOnlyTheFormer()
    {
        Assert.That(Regex.IsMatch(new string('k', Webhook.MaxKeyLength), Webhook.KeyPattern), Is.True);
        Assert.That(Regex.IsMatch(new string('k', Webhook.MaxKeyLength + 1), Webhook.KeyPattern), Is.False);
    }
}
