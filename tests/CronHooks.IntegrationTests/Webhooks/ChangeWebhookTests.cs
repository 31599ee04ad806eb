using System.Net;
using System.Net.Http.Json;
using System.Text;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

public sealed class ChangeWebhookTests : ApiTest
{
    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    [Test]
    public async Task UpdateWebhook_ReplacesTheDefinitionAndRecordsBothSchedulesInTheOutbox()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 9 * * *"));
        Api.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}",
            WebhookRequests.Recurring("30 17 * * 1-5", "Asia/Tokyo").With("name", "Evening").With("maxRetries", 0));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("name").GetString(), Is.EqualTo("Evening"));
            Assert.That(webhook.GetProperty("cronExpression").GetString(), Is.EqualTo("30 17 * * 1-5"));
            Assert.That(webhook.GetProperty("timezone").GetString(), Is.EqualTo("Asia/Tokyo"));
            Assert.That(webhook.GetProperty("maxRetries").GetInt32(), Is.Zero);
            Assert.That(webhook.GetProperty("updatedAt").GetDateTimeOffset(), Is.GreaterThan(webhook.GetProperty("createdAt").GetDateTimeOffset()));
        });
        // The old schedule may lose its trigger and the new one needs one: both keys are in the outbox.
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(DISTINCT schedule_key) FROM schedule_outbox"), Is.EqualTo(2));
    }

    [Test]
    public async Task PatchWebhook_WhenACompletedOneTimeWebhookIsRenamed_StaysCompletedUntilItsInstantChanges()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(1)));
        // The scheduler queued its occurrence: it is done.
        await TestDatabase.ScalarAsync<int>("UPDATE webhooks SET completed_at = now() WHERE id = $1", Guid.Parse(created.Id()));

        var renamed = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"name":"renamed"}"""));
        var afterRename = await TestDatabase.ScalarAsync<DateTime?>("SELECT completed_at FROM webhooks WHERE id = $1", Guid.Parse(created.Id()));
        var moved = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            MergePatch($$"""{"scheduledAt":"{{Api.Clock.GetUtcNow().AddHours(2):O}}"}"""));
        var afterMove = await TestDatabase.ScalarAsync<DateTime?>("SELECT completed_at FROM webhooks WHERE id = $1", Guid.Parse(created.Id()));

        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await renamed.Content.ReadAsStringAsync());
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        Assert.That(afterRename, Is.Not.Null, "a rename must not arm it again");
        Assert.That(afterMove, Is.Null, "a new instant is a new occurrence");
    }

    [Test]
    public async Task UpdateWebhook_WhenInvalid_ReturnsValidationProblemAndChangesNothing()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring("61 * * * *"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "cronExpression");
        var stored = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.That(stored.GetProperty("cronExpression").GetString(), Is.EqualTo("0 9 * * *"));
    }

    [Test]
    public async Task PatchWebhook_ChangesOnlyTheNamedFields()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(3)));

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            MergePatch("""{"name":"Renamed","payload":{"message":"bye"},"timeoutSeconds":5}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("name").GetString(), Is.EqualTo("Renamed"));
            // RFC 7396 merges objects recursively, the payload included.
            Assert.That(webhook.GetProperty("payload").GetRawText(), Is.EqualTo("""{"message":"bye","count":3}"""));
            Assert.That(webhook.GetProperty("timeoutSeconds").GetInt32(), Is.EqualTo(5));
            Assert.That(webhook.GetProperty("httpMethod").GetString(), Is.EqualTo("PUT"));
            Assert.That(webhook.GetProperty("url").GetString(), Is.EqualTo(created.GetProperty("url").GetString()));
            Assert.That(webhook.GetProperty("scheduledAt").GetDateTimeOffset(), Is.EqualTo(created.GetProperty("scheduledAt").GetDateTimeOffset()));
            Assert.That(webhook.GetProperty("headers").GetProperty("X-Api-Key").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        });
    }

    [Test]
    public async Task PatchWebhook_WhenMemberIsNull_RemovesItOrRestoresTheDefault()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(3)).With("maxRetries", 7));

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"payload":null,"headers":null,"maxRetries":null}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.That(webhook.GetProperty("payload").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(webhook.GetProperty("headers").EnumerateObject().Count(), Is.Zero);
        Assert.That(webhook.GetProperty("maxRetries").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task PatchWebhook_WhenItSwitchesToRecurring_ValidatesTheResultAsAWhole()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(3)));

        var incomplete = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"scheduleType":"recurring"}"""));
        var complete = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            MergePatch("""{"scheduleType":"recurring","scheduledAt":null,"cronExpression":"*/5 * * * *"}"""));

        await AssertProblemAsync(incomplete, HttpStatusCode.BadRequest, "cronExpression", "scheduledAt");
        Assert.That(complete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await complete.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(complete)).GetProperty("scheduleType").GetString(), Is.EqualTo("recurring"));
    }

    [TestCase("""{"maxRetries":99}""", "maxRetries")]
    [TestCase("""{"ownerId":"00000000-0000-0000-0000-000000000001"}""", "ownerId")]
    [TestCase("""{"timeoutSeconds":"10"}""", "timeoutSeconds")]
    public async Task PatchWebhook_WhenResultInvalid_ReturnsProblemAndChangesNothing(string patch, string field)
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch(patch));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        var stored = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.That(stored.GetProperty("updatedAt").GetDateTimeOffset(), Is.EqualTo(created.GetProperty("updatedAt").GetDateTimeOffset()));
    }

    [Test]
    public async Task PatchWebhook_WhenBodyIsNotAnObject_ReturnsBadRequest()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("[1,2]"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task DeleteWebhook_RemovesItButKeepsItsHistory()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var execution = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{created.Id()}/trigger", null));

        var response = await client.DeleteAsync($"/api/v1/webhooks/{created.Id()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.DeleteAsync($"/api/v1/webhooks/{created.Id()}"), HttpStatusCode.NotFound);
        var kept = await client.GetAsync($"/api/v1/executions/{execution.Id()}");
        Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CancelAndResume_ToggleActiveAndNextRun()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var cancelled = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{created.Id()}/cancel", null));
        var cancelledAgain = await client.PostAsync($"/api/v1/webhooks/{created.Id()}/cancel", null);
        var resumed = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{created.Id()}/resume", null));

        Assert.That(cancelled.GetProperty("isActive").GetBoolean(), Is.False);
        Assert.That(cancelled.GetProperty("nextRunAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(cancelledAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(resumed.GetProperty("isActive").GetBoolean(), Is.True);
        Assert.That(resumed.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(created.GetProperty("nextRunAt").GetDateTimeOffset()));
    }

    [Test]
    public async Task ResumeWebhook_WhenOneTimeInstantHasPassed_ReturnsConflict()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddMinutes(5)));
        await client.PostAsync($"/api/v1/webhooks/{created.Id()}/cancel", null);
        Api.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await client.PostAsync($"/api/v1/webhooks/{created.Id()}/resume", null);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        var stored = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.That(stored.GetProperty("isActive").GetBoolean(), Is.False);
    }
}
