using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Admin;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Calendars;

/// <summary>Calendar create, replace and delete in the audit log, as owners and admins read it.</summary>
public sealed class CalendarAuditTests : ApiTest
{
    [Test]
    public async Task CalendarCommands_WhenTheOwnerCreatesReplacesAndDeletes_EachLeaveOneEntryNamingTheCalendar()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync("ada");
        var id = (await owner.CreateCalendarAsync(CalendarRequests.Calendar("Berlin office", dates: ["2026-12-24"]))).Id();
        var replaced = await owner.PutAsJsonAsync($"/api/v1/calendars/{id}", CalendarRequests.Calendar("Berlin office", dates: ["2026-12-24", "2026-12-31"]));
        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replaced.Content.ReadAsStringAsync());
        Assert.That((await owner.DeleteAsync($"/api/v1/calendars/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var seenByOwner = (await ReadJsonAsync(await owner.GetAsync("/api/v1/audit?entityType=calendar"))).GetProperty("items").EnumerateArray().ToList();
        var seenByAdmin = (await ReadJsonAsync(await admin.GetAsync($"/api/v1/admin/audit?entityType=calendar&entityId={id}"))).GetProperty("items").EnumerateArray().ToList();

        Assert.That(seenByOwner.Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "DeleteCalendar", "UpdateCalendar", "CreateCalendar" }));
        Assert.That(seenByAdmin.Select(i => i.GetProperty("id").GetInt64()), Is.EqualTo(seenByOwner.Select(i => i.GetProperty("id").GetInt64())));
        Assert.That(seenByOwner.Select(i => i.GetProperty("entityId").GetString()), Has.All.EqualTo(id));
        Assert.That(seenByOwner.Select(i => i.GetProperty("actorUsername").GetString()), Has.All.EqualTo("ada"));
        Assert.That(seenByOwner.Select(i => i.GetProperty("actorKind").GetString()), Has.All.EqualTo("user"));
        var (deleted, updated, created) = (seenByOwner[0].GetProperty("changes"), seenByOwner[1].GetProperty("changes"), seenByOwner[2].GetProperty("changes"));
        Assert.That(created.GetProperty("name").GetProperty("to").GetString(), Is.EqualTo("Berlin office"));
        Assert.That(created.GetProperty("timeZone").GetProperty("to").GetString(), Is.EqualTo("Europe/Berlin"));
        Assert.That(Dates(updated.GetProperty("dates").GetProperty("from")), Is.EqualTo(new[] { "2026-12-24" }));
        Assert.That(Dates(updated.GetProperty("dates").GetProperty("to")), Is.EqualTo(new[] { "2026-12-24", "2026-12-31" }));
        Assert.That(updated.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "dates", "name" }), "only what changed, and the name");
        Assert.That(updated.GetProperty("name").GetProperty("from").GetString(), Is.EqualTo("Berlin office"), "an entry names its calendar though the name stayed");
        Assert.That(updated.GetProperty("name").GetProperty("to").GetString(), Is.EqualTo("Berlin office"));
        Assert.That(deleted.GetProperty("name").GetProperty("from").GetString(), Is.EqualTo("Berlin office"));
        Assert.That(deleted.GetProperty("name").GetProperty("to").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task CalendarCommands_WhenRejected_LeaveNoEntry()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync();
        var other = await Api.CreateUserClientAsync();
        var id = (await owner.CreateCalendarAsync(CalendarRequests.Calendar())).Id();
        await owner.CreateWebhookAsync(WebhookRequests.Recurring().With("calendarIds", new[] { id }));

        await AssertProblemAsync(await owner.PostAsJsonAsync("/api/v1/calendars", CalendarRequests.Calendar().With("country", "XX")), HttpStatusCode.BadRequest, "country");
        await AssertProblemAsync(await owner.PutAsJsonAsync($"/api/v1/calendars/{id}", CalendarRequests.Calendar("")), HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await owner.PutAsJsonAsync($"/api/v1/calendars/{Guid.NewGuid()}", CalendarRequests.Calendar()), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.PutAsJsonAsync($"/api/v1/calendars/{id}", CalendarRequests.Calendar("mine now")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await other.DeleteAsync($"/api/v1/calendars/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.DeleteAsync($"/api/v1/calendars/{id}"), HttpStatusCode.Conflict);

        var all = (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/audit?entityType=calendar"))).GetProperty("items");
        Assert.That(all.EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "CreateCalendar" }), "only the create that succeeded");
        var others = (await ReadJsonAsync(await other.GetAsync("/api/v1/audit"))).GetProperty("items");
        Assert.That(others.EnumerateArray().Select(i => i.GetProperty("action").GetString()), Is.EqualTo(new[] { "Register" }));
    }

    private static IEnumerable<string?> Dates(JsonElement dates) => dates.EnumerateArray().Select(d => d.GetString());
}
