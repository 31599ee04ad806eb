using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>An owner's pause with a note and an end, skip-next and pauseAfterFailures, through the API.</summary>
public sealed class PauseWebhookTests : ApiTest
{
    private static async Task<(HttpClient Client, string Id)> RecurringWebhookAsync()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring("*/5 * * * *"));
        return (client, created.Id());
    }

    [Test]
    public async Task PauseWebhook_WithNoteAndUntil_ReadsInactiveWithTheNoteTheResumeTimeAndOwner()
    {
        var (client, id) = await RecurringWebhookAsync();
        var until = Api.Clock.GetUtcNow().AddHours(2);

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/pause", new { note = "receiver migration", until });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.False);
            Assert.That(webhook.GetProperty("pauseNote").GetString(), Is.EqualTo("receiver migration"));
            Assert.That(webhook.GetProperty("pausedBy").GetString(), Is.EqualTo("owner"));
            Assert.That(webhook.GetProperty("pausedUntil").GetDateTimeOffset(), Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(webhook.GetProperty("pausedAt").GetDateTimeOffset(), Is.EqualTo(Api.Clock.GetUtcNow()).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(webhook.GetProperty("nextRunAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task PauseWebhook_WithoutABody_PausesWithoutNoteOrEnd()
    {
        var (client, id) = await RecurringWebhookAsync();

        var response = await client.PostAsync($"/api/v1/webhooks/{id}/pause", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.False);
        Assert.That(webhook.GetProperty("pausedBy").GetString(), Is.EqualTo("owner"));
        Assert.That(webhook.GetProperty("pausedUntil").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PauseWebhook_WhenUntilIsInThePast_ReturnsValidationProblemNamingUntilAndChangesNothing()
    {
        var (client, id) = await RecurringWebhookAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/pause", new { note = "x", until = Api.Clock.GetUtcNow().AddMinutes(-1) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "until");
        var webhook = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.True);
        Assert.That(webhook.GetProperty("pauseNote").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PauseWebhook_WhenTheWebhookIsAnotherUsers_ReturnsNotFound()
    {
        var (_, id) = await RecurringWebhookAsync();
        var other = await Api.CreateUserClientAsync();

        var response = await other.PostAsJsonAsync($"/api/v1/webhooks/{id}/pause", new { note = "mine now" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ResumeWebhook_WhenPausedByItsOwner_IsActiveWithoutNoteAndSaysWhenItResumed()
    {
        var (client, id) = await RecurringWebhookAsync();
        await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/pause", new { note = "later", until = Api.Clock.GetUtcNow().AddDays(1) });
        Api.Clock.Advance(TimeSpan.FromMinutes(10));

        var webhook = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{id}/resume", null));

        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.True);
            Assert.That(webhook.GetProperty("pauseNote").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(webhook.GetProperty("pausedBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(webhook.GetProperty("pausedUntil").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(webhook.GetProperty("resumedAt").GetDateTimeOffset(), Is.EqualTo(Api.Clock.GetUtcNow()).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(webhook.GetProperty("nextRunAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task PauseWebhook_WhenAnAdministratorPausedIt_ReturnsConflictAndKeepsTheAdminsNote()
    {
        var (client, id) = await RecurringWebhookAsync();
        // What the admin pause writes (its own tests show the endpoint).
        await TestDatabase.ScalarAsync<int>("UPDATE webhooks SET is_active = false, paused_by = 'Admin', pause_note = 'abuse' WHERE id = $1", Guid.Parse(id));

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/pause", new { note = "mine" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        var webhook = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.That(webhook.GetProperty("pauseNote").GetString(), Is.EqualTo("abuse"));
        Assert.That(webhook.GetProperty("pausedBy").GetString(), Is.EqualTo("admin"));
    }

    [Test]
    public async Task SkipOccurrences_WhenCountGiven_ShowsSkipNextAndZeroCancelsIt()
    {
        var (client, id) = await RecurringWebhookAsync();

        var skipping = await ReadJsonAsync(await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/skip", new { count = 3 }));
        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        var cancelled = await ReadJsonAsync(await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/skip", new { count = 0 }));

        Assert.That(skipping.GetProperty("skipNext").GetInt32(), Is.EqualTo(3));
        Assert.That(read.GetProperty("skipNext").GetInt32(), Is.EqualTo(3));
        Assert.That(read.GetProperty("isActive").GetBoolean(), Is.True);
        Assert.That(cancelled.GetProperty("skipNext").GetInt32(), Is.Zero);
    }

    [TestCase(-1)]
    [TestCase(1001)]
    public async Task SkipOccurrences_WhenCountIsOutOfRange_ReturnsValidationProblemNamingCount(int count)
    {
        var (client, id) = await RecurringWebhookAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/skip", new { count });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "count");
    }

    [Test]
    public async Task CreateWebhook_WithPauseAfterFailures_ShowsItAndAPatchChangesIt()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("pauseAfterFailures", 5));

        var patched = await ReadJsonAsync(await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"pauseAfterFailures":0}""", System.Text.Encoding.UTF8, "application/merge-patch+json")));

        Assert.That(created.GetProperty("pauseAfterFailures").GetInt32(), Is.EqualTo(5));
        Assert.That(patched.GetProperty("pauseAfterFailures").GetInt32(), Is.Zero);
    }

    [TestCase(-1)]
    [TestCase(1001)]
    public async Task CreateWebhook_WhenPauseAfterFailuresIsOutOfRange_ReturnsValidationProblemNamingIt(int value)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("pauseAfterFailures", value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "pauseAfterFailures");
    }
}
