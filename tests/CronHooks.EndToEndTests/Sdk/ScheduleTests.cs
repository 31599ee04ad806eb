using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class ScheduleTests : SdkTest
{
    [Test]
    public async Task PreviewSchedule_ReturnsTheNextOccurrencesInTheTimeZone()
    {
        var client = await SignUpAsync();

        var preview = await client.PreviewScheduleAsync("30 6 * * 1", "America/New_York", 4);

        Assert.That(preview.Occurrences, Has.Count.EqualTo(4));
        Assert.That(preview.Occurrences.Select(o => o.Local.DayOfWeek), Is.All.EqualTo(DayOfWeek.Monday));
        Assert.That(preview.Occurrences.Select(o => o.Local.TimeOfDay), Is.All.EqualTo(new TimeSpan(6, 30, 0)));
        Assert.That(preview.Occurrences.Select(o => o.Utc), Is.Ordered);
    }

    [Test]
    public async Task PreviewSchedule_WhenTimeZoneIsUnknown_ThrowsValidationProblem()
    {
        var client = await SignUpAsync();

        var error = await Assert.ThrowsAsync<CronHooksApiException<HttpValidationProblemDetails>>(() =>
            client.PreviewScheduleAsync("0 * * * *", "Mars/Olympus_Mons", null));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Errors.Keys, Does.Contain("timezone"));
    }
}
