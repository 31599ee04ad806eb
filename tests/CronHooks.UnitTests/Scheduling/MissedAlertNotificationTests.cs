using CronHooks.Domain.Alerts;
using CronHooks.Scheduler.Alerts;

namespace CronHooks.UnitTests.Scheduling;

/// <summary>How the webhook.missed alert reads.</summary>
public sealed class MissedAlertNotificationTests
{
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 8, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Notification_ForWebhookMissed_SaysHowManyOccurrencesInOneSentence()
    {
        var alert = new ClaimedAlert(Guid.NewGuid(), Guid.NewGuid(), AlertKinds.WebhookMissed, Guid.NewGuid(), Occurrence, 1, "missed", null, 0,
            Occurrence.AddMinutes(3), 1, Guid.NewGuid(), Details: null, MissedOccurrences: 12);

        var notification = AlertNotification.For(alert, "Nightly <import>");

        Assert.That(notification.Text, Is.EqualTo(
            "CronHooks: webhook \"Nightly &lt;import&gt;\" missed 12 occurrences while no scheduler node ran. The latest missed was the occurrence of 2027-03-08 09:00:00 UTC; recorded at 2027-03-08 09:03:00 UTC."));
        Assert.That(notification.MissedOccurrences, Is.EqualTo(12));
    }
}
