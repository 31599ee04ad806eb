using System.Net;
using System.Text.Json;
using CronHooks.Domain.Scheduling;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Calendars;

/// <summary>/upcoming, nextRunAt and the preview show what really fires: days off removed (skip) or moved (nextBusinessDay), jitter added.</summary>
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

    [Test]
    public async Task NextRunAt_WhenTheNextOccurrenceFallsOnAHolidayAndOnHolidayIsSkip_NamesTheNextOccurrenceThatIsSent()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        // Christmas Eve after 09:00 in Berlin: the next weekday, Friday 25 December, is a German public holiday.
        Api.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 24, 12, 0, 0, TimeSpan.Zero));
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: [], country: "DE"))).Id();
        var plain = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * 1-5", "Europe/Berlin").With("name", "plain"));
        var skipping = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * 1-5", "Europe/Berlin")
            .With("name", "skipping").With("calendarIds", new[] { calendar }));

        var fetched = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{skipping.Id()}"));
        var listed = (await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks"))).GetProperty("items").EnumerateArray()
            .ToDictionary(w => w.GetProperty("name").GetString()!, NextRunAt);
        var upcoming = await UpcomingAsync(client, skipping.Id(), 1);

        var monday = new DateTimeOffset(2026, 12, 28, 8, 0, 0, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(NextRunAt(skipping), Is.EqualTo(monday), "created: Christmas Day is skipped, so Monday 28th at 09:00 Berlin");
            Assert.That(NextRunAt(fetched), Is.EqualTo(monday));
            Assert.That(listed["skipping"], Is.EqualTo(monday));
            Assert.That(upcoming[0].GetProperty("utc").GetDateTimeOffset(), Is.EqualTo(monday), "what /upcoming shows first");
            Assert.That(NextRunAt(plain), Is.EqualTo(new DateTimeOffset(2026, 12, 25, 8, 0, 0, TimeSpan.Zero)), "without calendars: the schedule's next occurrence");
            Assert.That(listed["plain"], Is.EqualTo(NextRunAt(plain)));
        });
    }

    [Test]
    public async Task NextRunAt_WhenOnHolidayIsNextBusinessDay_NamesTheMovedInstant()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        Api.Clock.SetUtcNow(Now);
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: [], country: "DE"))).Id();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("30 8 1 * *", "Europe/Berlin")
            .With("calendarIds", new[] { calendar }).With("onHoliday", "nextBusinessDay"));

        var fetched = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhook.Id()}"));

        // New Year's Day (a Friday) moves to Monday 4 January, 08:30 in Berlin.
        var moved = new DateTimeOffset(2027, 1, 4, 7, 30, 0, TimeSpan.Zero);
        Assert.That(NextRunAt(webhook), Is.EqualTo(moved));
        Assert.That(NextRunAt(fetched), Is.EqualTo(moved));
    }

    [Test]
    public async Task GetUpcomingRuns_WhenTheWebhookHasCalendarsAndJitter_ShowsTheJitteredInstantsOfTheOccurrencesThatRun()
    {
        // Signed in first: tokens are checked against the real time.
        var client = await Api.CreateUserClientAsync();
        Api.Clock.SetUtcNow(Now);
        var calendar = (await client.CreateCalendarAsync(CalendarRequests.Calendar("Germany", dates: ["2027-02-01"], country: "DE"))).Id();
        var skipping = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * 1-5", "Europe/Berlin")
            .With("calendarIds", new[] { calendar }).With("jitterSeconds", 600));
        var moving = await client.CreateWebhookAsync(WebhookRequests.Recurring("30 8 1 * *", "Europe/Berlin")
            .With("calendarIds", new[] { calendar }).With("onHoliday", "nextBusinessDay").With("jitterSeconds", 600));
        var skippingId = Guid.Parse(skipping.Id());
        var movingId = Guid.Parse(moving.Id());

        var skipped = await UpcomingAsync(client, skipping.Id(), 5);
        var moved = await UpcomingAsync(client, moving.Id(), 3);
        var preview = (await ReadJsonAsync(await client.GetAsync(
                $"/api/v1/schedules/preview?cronExpression=30%208%201%20*%20*&timezone=Europe/Berlin&count=3&calendarIds={calendar}&onHoliday=nextBusinessDay&webhookId={movingId}")))
            .GetProperty("occurrences").EnumerateArray().Select(Utc);

        // Each run is due at its own (or moved) instant plus the delay of its occurrence: the formula the scheduler uses.
        DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
        var skippedOccurrences = new[] { At(2026, 12, 21, 8, 0), At(2026, 12, 22, 8, 0), At(2026, 12, 23, 8, 0), At(2026, 12, 24, 8, 0), At(2026, 12, 28, 8, 0) };
        var movedRuns = new[]
        {
            (Occurrence: At(2027, 1, 1, 7, 30), RunAt: At(2027, 1, 4, 7, 30)),
            (Occurrence: At(2027, 2, 1, 7, 30), RunAt: At(2027, 2, 2, 7, 30)),
            (Occurrence: At(2027, 3, 1, 7, 30), RunAt: At(2027, 3, 1, 7, 30)),
        };
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Select(Utc), Is.EqualTo(skippedOccurrences.Select(o => Jitter.DueAt(skippingId, o, 600))));
            Assert.That(skipped.Select(r => r.GetProperty("scheduledFor").GetDateTimeOffset()), Is.EqualTo(skippedOccurrences));
            Assert.That(moved.Select(Utc), Is.EqualTo(movedRuns.Select(r => r.RunAt + Jitter.DelayFor(movingId, r.Occurrence, 600))));
            Assert.That(moved.Select(r => r.GetProperty("scheduledFor").GetDateTimeOffset()), Is.EqualTo(movedRuns.Select(r => r.Occurrence)),
                "a moved run keeps its occurrence, and so its webhook-id");
            Assert.That(preview, Is.EqualTo(moved.Select(Utc)), "the preview with the webhook's id shows the same instants");
            Assert.That(NextRunAt(skipping), Is.EqualTo(Utc(skipped[0])));
            Assert.That(NextRunAt(moving), Is.EqualTo(Utc(moved[0])));
        });
    }

    private static DateTimeOffset? NextRunAt(JsonElement webhook) =>
        webhook.GetProperty("nextRunAt").ValueKind == JsonValueKind.Null ? null : webhook.GetProperty("nextRunAt").GetDateTimeOffset();

    private static DateTimeOffset Utc(JsonElement run) => run.GetProperty("utc").GetDateTimeOffset();

    private static async Task<List<JsonElement>> UpcomingAsync(HttpClient client, string webhookId, int count)
    {
        var response = await client.GetAsync($"/api/v1/webhooks/{webhookId}/upcoming?count={count}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray().ToList();
    }

    private static async Task<List<string>> LocalDatesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray()
            .Select(o => o.GetProperty("local").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
