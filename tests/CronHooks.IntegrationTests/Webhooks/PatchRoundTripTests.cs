using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CronHooks.Application.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>
/// An empty merge patch changes nothing, for every field a webhook definition has: a field the patch document
/// leaves out would be reset to its default by every PATCH. A new field fails here until it has a sample value below.
/// </summary>
public sealed class PatchRoundTripTests : ApiTest
{
    // Every field set to something other than its default; scheduledAt only fits a one-time webhook.
    private static Dictionary<string, object?> Recurring() => new()
    {
        ["key"] = "nightly-export",
        ["name"] = "Nightly export",
        ["url"] = "https://example.com/hooks/export",
        ["httpMethod"] = "PUT",
        ["headers"] = new Dictionary<string, string> { ["X-Team"] = "data" },
        ["payload"] = new { table = "orders", full = true },
        ["scheduleType"] = "recurring",
        ["cronExpression"] = "15 3 * * 1-5",
        ["timezone"] = "Europe/Berlin",
        ["startsAt"] = "2030-01-01T00:00:00Z",
        ["endsAt"] = "2031-01-01T00:00:00Z",
        ["missedRunPolicy"] = "skip",
        ["maxRetries"] = 7,
        ["retryDelaySeconds"] = 120,
        ["timeoutSeconds"] = 12,
        ["alert"] = new { url = "https://example.com/alerts", consecutiveFailures = 5 },
        ["successCriteria"] = new { statusCodes = new[] { "2xx", "404" }, bodyContains = "ok", bodyRegex = "^ok", jsonPointer = "/state", equals = new { done = true }, maxDurationMs = 900 },
        ["retryOn"] = new[] { "timeout", "4xx" },
        ["maxRetryAgeSeconds"] = 3_600,
        ["pauseAfterFailures"] = 4,
        ["jitterSeconds"] = 45,
        ["callbackUrl"] = "https://example.com/callbacks/attempt",
        ["failureCallbackUrl"] = "https://example.com/callbacks/failed",
        ["catchupWindowSeconds"] = 900,
        ["overlapPolicy"] = "cancelPrevious",
        // Replaced by a calendar of the test's user when the webhook is created (another user's would be a 404).
        ["calendarIds"] = new[] { CalendarPlaceholder },
        ["onHoliday"] = "nextBusinessDay",
    };

    private const string CalendarPlaceholder = "calendar-of-the-user";

    private static Dictionary<string, object?> Once(DateTimeOffset at) => new(Recurring())
    {
        ["scheduleType"] = "once",
        ["scheduledAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["cronExpression"] = null,
        ["startsAt"] = null,
        ["endsAt"] = null,
        ["jitterSeconds"] = null,
        ["calendarIds"] = null,
    };

    private static Dictionary<string, object?> Interval() => new(Recurring())
    {
        ["scheduleType"] = "interval",
        ["cronExpression"] = null,
        ["intervalSeconds"] = 5400,
        ["anchor"] = "2030-01-01T00:30:00Z",
        ["calendarIds"] = null,
    };

    [Test]
    public void SampleBodies_CoverEveryFieldOfAWebhookDefinition()
    {
        var fields = typeof(WebhookDefinition).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => CronHooksJson.Options.PropertyNamingPolicy!.ConvertName(p.Name));
        var sampled = Recurring().Where(f => f.Value is not null).Select(f => f.Key)
            .Union(Once(DateTimeOffset.UnixEpoch).Where(f => f.Value is not null).Select(f => f.Key))
            .Union(Interval().Where(f => f.Value is not null).Select(f => f.Key));

        Assert.That(sampled, Is.SupersetOf(fields), "give every new field a non-default sample value so the patch tests cover it");
    }

    [Test]
    public async Task PatchWebhook_WhenThePatchIsEmpty_KeepsEveryFieldOfARecurringWebhook() =>
        await AssertEmptyPatchKeepsAsync(Recurring());

    [Test]
    public async Task PatchWebhook_WhenThePatchIsEmpty_KeepsEveryFieldOfAOneTimeWebhook() =>
        await AssertEmptyPatchKeepsAsync(Once(Api.Clock.GetUtcNow().AddDays(2)));

    [Test]
    public async Task PatchWebhook_WhenThePatchIsEmpty_KeepsEveryFieldOfAnIntervalWebhook() =>
        await AssertEmptyPatchKeepsAsync(Interval());

    private static async Task AssertEmptyPatchKeepsAsync(Dictionary<string, object?> body)
    {
        var client = await Api.CreateUserClientAsync();
        if (body.GetValueOrDefault("calendarIds") is string[] and [CalendarPlaceholder])
            body = new(body) { ["calendarIds"] = new[] { (await Calendars.CalendarRequests.CreateCalendarAsync(client, Calendars.CalendarRequests.Calendar())).Id() } };
        var created = await client.CreateWebhookAsync(body);
        var before = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        var storedBefore = await StoredDefinitionAsync(created.Id());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("{}", Encoding.UTF8, "application/merge-patch+json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var after = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.That(WithoutUpdatedAt(after), Is.EqualTo(WithoutUpdatedAt(before)), "what the API shows");
        Assert.That(await StoredDefinitionAsync(created.Id()), Is.EqualTo(storedBefore), "what is stored");
    }

    private static string WithoutUpdatedAt(JsonElement webhook)
    {
        var node = JsonNode.Parse(webhook.GetRawText())!.AsObject();
        node.Remove("updatedAt");
        return node.ToJsonString();
    }

    // The row as stored, less what every write changes: encrypted values (new nonces; the API shows them masked above),
    // the update time and the row version.
    private static Task<string?> StoredDefinitionAsync(string id) => TestDatabase.ScalarAsync<string>(
        "SELECT (to_jsonb(w) - 'headers' - 'alert_url' - 'updated_at')::text FROM webhooks w WHERE id = $1", Guid.Parse(id));
}
