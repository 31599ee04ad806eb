using System.Net;
using System.Text;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>A one-time webhook whose occurrence the scheduler has queued: state "completed" until it gets a new instant.</summary>
public sealed class CompletedWebhookTests : ApiTest
{
    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    /// <summary>What the scheduler does when it queues the occurrence (in the same statement), at the instant given.</summary>
    private static async Task CompleteAsync(string id, DateTimeOffset at) =>
        await TestDatabase.ScalarAsync<int>("UPDATE webhooks SET completed_at = $1 WHERE id = $2", at, Guid.Parse(id));

    private static async Task<(HttpClient Client, string Id, DateTimeOffset CompletedAt)> CompletedOneTimeWebhookAsync()
    {
        var client = await Api.CreateUserClientAsync();
        var at = Api.Clock.GetUtcNow().AddMinutes(5);
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(at));
        Api.Clock.Advance(TimeSpan.FromMinutes(6));
        await CompleteAsync(created.Id(), at);
        return (client, created.Id(), at);
    }

    [Test]
    public async Task GetWebhook_WhenItsOccurrenceWasQueued_IsCompletedWithCompletedAtAndNoNextRun()
    {
        var (client, id, completedAt) = await CompletedOneTimeWebhookAsync();

        var webhook = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));

        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("state").GetString(), Is.EqualTo("completed"));
            Assert.That(webhook.GetProperty("completedAt").GetDateTimeOffset(), Is.EqualTo(completedAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(webhook.GetProperty("nextRunAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task GetWebhook_WhenActiveOrCancelled_SaysSoWithoutCompletedAt()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(1)));

        var cancelled = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{created.Id()}/cancel", null));

        Assert.That(created.GetProperty("state").GetString(), Is.EqualTo("active"));
        Assert.That(created.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(cancelled.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task PatchWebhook_WhenACompletedWebhookIsRenamed_StaysCompleted()
    {
        var (client, id, completedAt) = await CompletedOneTimeWebhookAsync();

        var response = await client.PatchAsync($"/api/v1/webhooks/{id}", MergePatch("""{"name":"renamed"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.That(webhook.GetProperty("name").GetString(), Is.EqualTo("renamed"));
        Assert.That(webhook.GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(webhook.GetProperty("completedAt").GetDateTimeOffset(), Is.EqualTo(completedAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task PatchWebhook_WhenACompletedWebhookGetsANewScheduledAt_IsActiveAgainWithThatNextRun()
    {
        var (client, id, _) = await CompletedOneTimeWebhookAsync();
        var next = Api.Clock.GetUtcNow().AddDays(1);

        var response = await client.PatchAsync($"/api/v1/webhooks/{id}", MergePatch($$"""{"scheduledAt":"{{next:O}}"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        Assert.That(webhook.GetProperty("state").GetString(), Is.EqualTo("active"));
        Assert.That(webhook.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(next));
    }

    [Test]
    public async Task ResumeWebhook_WhenCompleted_ReturnsConflictSayingWhatToDoAndChangesNothing()
    {
        var (client, id, completedAt) = await CompletedOneTimeWebhookAsync();

        var response = await client.PostAsync($"/api/v1/webhooks/{id}/resume", null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("already run").And.Contain("scheduledAt"));
        var stored = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.That(stored.GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(stored.GetProperty("completedAt").GetDateTimeOffset(), Is.EqualTo(completedAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task CancelWebhook_WhenCompleted_LeavesItCompleted()
    {
        var (client, id, _) = await CompletedOneTimeWebhookAsync();

        var webhook = await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{id}/cancel", null));

        Assert.That(webhook.GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.True, "nothing was left to stop");
    }

    [Test]
    public async Task ListWebhooks_ByState_ReturnsOnlyThatState()
    {
        var (client, completed, _) = await CompletedOneTimeWebhookAsync();
        var active = (await client.CreateWebhookAsync(WebhookRequests.Recurring())).Id();
        var cancelled = (await client.CreateWebhookAsync(WebhookRequests.Recurring())).Id();
        await client.PostAsync($"/api/v1/webhooks/{cancelled}/cancel", null);

        async Task<string[]> IdsAsync(string state)
        {
            var page = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks?state={state}"));
            return page.GetProperty("items").EnumerateArray().Select(w => w.Id()).ToArray();
        }

        Assert.That(await IdsAsync("completed"), Is.EqualTo(new[] { completed }));
        Assert.That(await IdsAsync("active"), Is.EqualTo(new[] { active }));
        Assert.That(await IdsAsync("cancelled"), Is.EqualTo(new[] { cancelled }));
        await AssertProblemAsync(await client.GetAsync("/api/v1/webhooks?state=done"), HttpStatusCode.BadRequest, "state");
    }

    [Test]
    public async Task GetWebhook_WhenAnotherUsersCompletedWebhook_ReturnsNotFound()
    {
        var stranger = await Api.CreateUserClientAsync();   // before the clock moves: its token is checked against real time
        var (_, id, _) = await CompletedOneTimeWebhookAsync();

        await AssertProblemAsync(await stranger.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.PostAsync($"/api/v1/webhooks/{id}/resume", null), HttpStatusCode.NotFound);
    }
}
