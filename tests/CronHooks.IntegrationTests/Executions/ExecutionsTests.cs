using System.Net;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Executions;

public sealed class ExecutionsTests : ApiTest
{
    [Test]
    public async Task TriggerWebhook_QueuesAManualAttemptDueNow()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var execution = await ReadJsonAsync(response);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/executions/{execution.Id()}"));
        Assert.Multiple(() =>
        {
            Assert.That(execution.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(execution.GetProperty("trigger").GetString(), Is.EqualTo("manual"));
            Assert.That(execution.GetProperty("attemptNumber").GetInt32(), Is.EqualTo(1));
            Assert.That(execution.GetProperty("webhookId").GetString(), Is.EqualTo(webhook.Id()));
            Assert.That(execution.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Api.Clock.GetUtcNow()).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task TriggerWebhook_WhenCancelled_ReturnsConflict()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/cancel", null);

        var response = await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task ListExecutions_ReturnsNewestFirstFilteredAndPaged()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Api.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await ReadJsonAsync(await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null))).Id());
        }
        // As if a node had sent it and it failed: out of the queue, into the history.
        await TestDatabase.ScalarAsync<int>("""
            WITH sent AS (DELETE FROM execution_queue WHERE id = $1 RETURNING *)
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, response_truncated, created_at, finished_at)
            SELECT id, webhook_id, owner_id, 'Failed', attempt_number, trigger, scheduled_for, due_at, false, created_at, now() FROM sent
            """, Guid.Parse(ids[1]));

        var all = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhook.Id()}/executions?pageSize=2"));
        var failed = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhook.Id()}/executions?status=failed"));

        Assert.That(all.GetProperty("totalCount").GetInt32(), Is.EqualTo(3));
        Assert.That(all.GetProperty("items").EnumerateArray().Select(e => e.Id()), Is.EqualTo(new[] { ids[2], ids[1] }));
        Assert.That(failed.GetProperty("items").EnumerateArray().Select(e => e.Id()), Is.EqualTo(new[] { ids[1] }));
    }

    [Test]
    public async Task GetExecution_WhenAnotherUsers_ReturnsNotFound()
    {
        var alice = await Api.CreateUserClientAsync();
        var bob = await Api.CreateUserClientAsync();
        var webhook = await alice.CreateWebhookAsync(WebhookRequests.Recurring());
        var execution = await ReadJsonAsync(await alice.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null));

        var own = await alice.GetAsync($"/api/v1/executions/{execution.Id()}");
        var foreign = await bob.GetAsync($"/api/v1/executions/{execution.Id()}");

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(own)).GetProperty("trigger").GetString(), Is.EqualTo("manual"));
        await AssertProblemAsync(foreign, HttpStatusCode.NotFound);
    }
}
