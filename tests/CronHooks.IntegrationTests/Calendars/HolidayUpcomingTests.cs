using System.Net;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Calendars;

/// <summary>/upcoming and the preview show what really fires: days off removed (skip) or moved (nextBusinessDay).</summary>
public sealed class HolidayUpcomingTests : ApiTest
{
    // A Sunday before Christmas: German public holidays on Fri 25 Dec 2026 and Fri 1 Jan 2027.
    private static readonly DateTimeOffset Now = new(2026, 12, 20, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task GetUpcomingRuns_WhenOnHolidayIsSkip_LeavesOutGermanHolidaysAndMatchesThePreview()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        Api.Clock.SetUtcNow(Now);
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: [], country: "DE"))).Id();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * 1-5", "Europe/Berlin").With("calendarIds", new[] { calendar }));

        var upcoming = await LocalDatesAsync(client, $"/api/v1/webhooks/{webhook.Id()}/upcoming?count=8");
        var preview = await LocalDatesAsync(client, $"/api/v1/schedules/preview?cronExpression=0%209%20*%20*%201-5&timezone=Europe/Berlin&count=8&calendarIds={calendar}&onHoliday=skip");

        Assert.That(upcoming, Is.EqualTo(new[]
        {
            "2026-12-21T09:00", "2026-12-22T09:00", "2026-12-23T09:00", "2026-12-24T09:00",
            "2026-12-28T09:00", "2026-12-29T09:00", "2026-12-30T09:00", "2026-12-31T09:00",
        }));
        Assert.That(preview, Is.EqualTo(upcoming));
    }

    [Test]
    public async Task GetUpcomingRuns_WhenOnHolidayIsNextBusinessDay_MovesToTheNextBusinessDayAtTheSameLocalTime()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        Api.Clock.SetUtcNow(Now);
        // 1 Jan 2027 (New Year, a Friday) moves to Monday 4 Jan; 1 Feb 2027 (a Monday, an explicit day off) to Tuesday 2 Feb.
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: ["2027-02-01"], country: "DE"))).Id();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("30 8 1 * *", "Europe/Berlin")
            .With("calendarIds", new[] { calendar }).With("onHoliday", "nextBusinessDay"));

        var upcoming = await LocalDatesAsync(client, $"/api/v1/webhooks/{webhook.Id()}/upcoming?count=3");
        var preview = await LocalDatesAsync(client, $"/api/v1/schedules/preview?cronExpression=30%208%201%20*%20*&timezone=Europe/Berlin&count=3&calendarIds={calendar}&onHoliday=nextBusinessDay");

        Assert.That(upcoming, Is.EqualTo(new[] { "2027-01-04T08:30", "2027-02-02T08:30", "2027-03-01T08:30" }));
        Assert.That(preview, Is.EqualTo(upcoming));
    }

    [Test]
    public async Task GetUpcomingRuns_WhenTheNextBusinessDayHasItsOwnOccurrence_DoesNotRunTwice()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        Api.Clock.SetUtcNow(Now);
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: [], country: "DE"))).Id();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * 1-5", "Europe/Berlin")
            .With("calendarIds", new[] { calendar }).With("onHoliday", "nextBusinessDay"));

        var upcoming = await LocalDatesAsync(client, $"/api/v1/webhooks/{webhook.Id()}/upcoming?count=6");

        Assert.That(upcoming, Is.EqualTo(new[]
        {
            "2026-12-21T09:00", "2026-12-22T09:00", "2026-12-23T09:00", "2026-12-24T09:00", "2026-12-28T09:00", "2026-12-29T09:00",
        }), "Christmas Day's occurrence would land on Monday 28th, which has its own");
    }

    private static async Task<List<string>> LocalDatesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray()
            .Select(o => o.GetProperty("local").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
