using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Calendars;

public sealed class CalendarTests : ApiTest
{
    [Test]
    public async Task CalendarCrud_WhenOwnerManagesACalendar_StoresReplacesListsAndDeletesIt()
    {
        var client = await Api.CreateUserClientAsync();

        var create = await client.PostAsJsonAsync("/api/v1/calendars",
            CalendarRequests.Calendar(dates: ["2027-01-02", "2026-12-24", "2026-12-24"], country: "de"));
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created), await create.Content.ReadAsStringAsync());
        var created = await ReadJsonAsync(create);
        var id = created.Id();
        Assert.That(create.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/calendars/{id}"));
        Assert.That(created.GetProperty("dates").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "2026-12-24", "2027-01-02" }), "sorted, duplicates merged");
        Assert.That(created.GetProperty("country").GetString(), Is.EqualTo("DE"));
        Assert.That(created.GetProperty("timezone").GetString(), Is.EqualTo("Europe/Berlin"));

        var replaced = await client.PutAsJsonAsync($"/api/v1/calendars/{id}", CalendarRequests.Calendar("Berlin office", "UTC", ["2027-05-05"]));
        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replaced.Content.ReadAsStringAsync());
        var got = await ReadJsonAsync(await client.GetAsync($"/api/v1/calendars/{id}"));
        Assert.That(got.GetProperty("name").GetString(), Is.EqualTo("Berlin office"));
        Assert.That(got.GetProperty("country").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "replace: what is left out takes its default");
        var list = await ReadJsonAsync(await client.GetAsync("/api/v1/calendars"));
        Assert.That(list.GetProperty("totalCount").GetInt32(), Is.EqualTo(1));
        Assert.That(list.GetProperty("items")[0].Id(), Is.EqualTo(id));

        Assert.That((await client.DeleteAsync($"/api/v1/calendars/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await client.GetAsync($"/api/v1/calendars/{id}"), HttpStatusCode.NotFound);
    }

    [TestCase("country", "XX")]
    [TestCase("country", "PO")]
    [TestCase("timezone", "Mars/Olympus_Mons")]
    [TestCase("name", "")]
    [TestCase("dates", null)]
    public async Task CreateCalendar_WhenAFieldIsInvalid_ReturnsValidationProblemNamingIt(string field, string? value)
    {
        var client = await Api.CreateUserClientAsync();
        var body = CalendarRequests.Calendar().With(field, value);

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/calendars", body), HttpStatusCode.BadRequest, field);

        var list = await ReadJsonAsync(await client.GetAsync("/api/v1/calendars"));
        Assert.That(list.GetProperty("totalCount").GetInt32(), Is.Zero, "nothing stored");
    }

    [Test]
    public async Task CreateCalendar_WhenItHasMoreThanAThousandDates_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var dates = Enumerable.Range(0, 1001).Select(i => new DateOnly(2027, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/calendars", CalendarRequests.Calendar(dates: dates)), HttpStatusCode.BadRequest, "dates");
    }

    [Test]
    public async Task Calendars_WhenAnotherUserAsks_AreNotFound()
    {
        var owner = await Api.CreateUserClientAsync();
        var other = await Api.CreateUserClientAsync();
        var id = (await owner.CreateCalendarAsync(CalendarRequests.Calendar())).Id();

        await AssertProblemAsync(await other.GetAsync($"/api/v1/calendars/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PutAsJsonAsync($"/api/v1/calendars/{id}", CalendarRequests.Calendar("mine now")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.DeleteAsync($"/api/v1/calendars/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("calendarIds", new[] { id })), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/schedules/preview?cronExpression=0%209%20*%20*%20*&calendarIds={id}"), HttpStatusCode.NotFound);
        Assert.That((await ReadJsonAsync(await other.GetAsync("/api/v1/calendars"))).GetProperty("totalCount").GetInt32(), Is.Zero);
        Assert.That((await ReadJsonAsync(await owner.GetAsync($"/api/v1/calendars/{id}"))).GetProperty("name").GetString(), Is.EqualTo("Company days off"));
    }

    [Test]
    public async Task DeleteCalendar_WhenAWebhookUsesIt_ReturnsConflictNamingTheWebhookAndKeepsIt()
    {
        var client = await Api.CreateUserClientAsync();
        var id = (await client.CreateCalendarAsync(CalendarRequests.Calendar())).Id();
        await client.CreateWebhookAsync(WebhookRequests.Recurring().With("calendarIds", new[] { id }));

        var problem = await AssertProblemAsync(await client.DeleteAsync($"/api/v1/calendars/{id}"), HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Morning report"));
        Assert.That((await client.GetAsync($"/api/v1/calendars/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CreateWebhook_WithCalendars_ShowsThemAndKeepsThemThroughAPatch()
    {
        var client = await Api.CreateUserClientAsync();
        var id = (await client.CreateCalendarAsync(CalendarRequests.Calendar())).Id();

        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("calendarIds", new[] { id }).With("onHoliday", "nextBusinessDay"));
        var patch = new StringContent("""{"name":"Renamed"}""", System.Text.Encoding.UTF8, "application/merge-patch+json");
        var patched = await ReadJsonAsync(await client.PatchAsync($"/api/v1/webhooks/{webhook.Id()}", patch));

        Assert.That(webhook.GetProperty("calendarIds").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { id }));
        Assert.That(webhook.GetProperty("onHoliday").GetString(), Is.EqualTo("nextBusinessDay"));
        Assert.That(patched.GetProperty("calendarIds").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { id }));
        Assert.That(patched.GetProperty("onHoliday").GetString(), Is.EqualTo("nextBusinessDay"));
    }

    [Test]
    public async Task CreateWebhook_WhenCalendarIdsAreTooManyOrOnAOneTimeWebhook_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var eleven = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToArray();

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("calendarIds", eleven)),
            HttpStatusCode.BadRequest, "calendarIds");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/webhooks",
            WebhookRequests.Once(Api.Clock.GetUtcNow().AddDays(1)).With("calendarIds", new[] { Guid.NewGuid() })), HttpStatusCode.BadRequest, "calendarIds");
    }
}
