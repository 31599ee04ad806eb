using System.Net.Http.Json;
using System.Text;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>
/// The clock queues an occurrence shortly before it is due. A schedule edited inside that lead withdraws the queued
/// occurrence of the old schedule; any other edit leaves it, and so does an edit once a node holds it.
/// </summary>
public sealed class QueuedOccurrenceTests : ApiTest
{
    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    /// <summary>As the clock queues it: the next occurrence, due at its instant, a second from now.</summary>
    private static async Task<(HttpClient Client, Guid Id, DateTimeOffset Occurrence)> QueuedRecurringWebhookAsync(bool leased = false)
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring("*/5 * * * *"));
        var id = Guid.Parse(created.Id());
        var owner = await TestDatabase.ScalarAsync<Guid>("SELECT owner_id FROM webhooks WHERE id = $1", id);
        var occurrence = Api.Clock.GetUtcNow().AddSeconds(1);
        await AttemptRows.InsertAsync(new AttemptRows.Row(id, owner, leased ? "Running" : "Pending", occurrence, Api.Clock.GetUtcNow()));
        return (client, id, occurrence);
    }

    private static Task<long> QueuedAsync(Guid id) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE webhook_id = $1", id);

    [Test]
    public async Task PatchWebhook_WhenTheCronChangesInsideTheLead_WithdrawsTheQueuedOccurrence()
    {
        var (client, id, _) = await QueuedRecurringWebhookAsync();

        var response = await client.PatchAsync($"/api/v1/webhooks/{id}", MergePatch("""{"cronExpression":"0 * * * *"}"""));

        response.EnsureSuccessStatusCode();
        Assert.That(await QueuedAsync(id), Is.Zero);
    }

    [Test]
    public async Task PutWebhook_WhenTheTimeZoneChangesInsideTheLead_WithdrawsTheQueuedOccurrence()
    {
        var (client, id, _) = await QueuedRecurringWebhookAsync();

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", WebhookRequests.Recurring("*/5 * * * *", "Asia/Kolkata"));

        response.EnsureSuccessStatusCode();
        Assert.That(await QueuedAsync(id), Is.Zero);
    }

    [Test]
    public async Task PatchWebhook_WhenOnlyTheNameChanges_KeepsTheQueuedOccurrence()
    {
        var (client, id, _) = await QueuedRecurringWebhookAsync();

        var response = await client.PatchAsync($"/api/v1/webhooks/{id}", MergePatch("""{"name":"renamed"}"""));

        response.EnsureSuccessStatusCode();
        Assert.That(await QueuedAsync(id), Is.EqualTo(1));
    }

    [Test]
    public async Task PatchWebhook_WhenANodeAlreadyHoldsTheOccurrence_LeavesItToFinish()
    {
        var (client, id, _) = await QueuedRecurringWebhookAsync(leased: true);

        var response = await client.PatchAsync($"/api/v1/webhooks/{id}", MergePatch("""{"cronExpression":"0 * * * *"}"""));

        response.EnsureSuccessStatusCode();
        Assert.That(await QueuedAsync(id), Is.EqualTo(1), "its outcome is still to be recorded");
    }
}
