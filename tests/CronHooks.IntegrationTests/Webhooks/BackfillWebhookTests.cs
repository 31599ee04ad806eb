using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>Backfill: a recurring schedule's past occurrences queued on request, each once.</summary>
public sealed class BackfillWebhookTests : ApiTest
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static async Task<(HttpClient Client, string Id)> HourlyWebhookAsync()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring("0 * * * *"));
        return (client, created.Id());
    }

    private static async Task<List<JsonElement>> ExecutionsAsync(HttpClient client, string id)
    {
        var page = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/executions?pageSize=100"));
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Test]
    public async Task BackfillWebhook_WhenTheRangeHoldsOccurrences_QueuesEachWithTriggerBackfillAndTheSecondCallAddsNothing()
    {
        var (client, id) = await HourlyWebhookAsync();
        var body = new { from = Hour, to = Hour.AddHours(3) };

        var first = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", body);
        var second = await ReadJsonAsync(await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", body));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var queued = await ReadJsonAsync(first);
        Assert.Multiple(() =>
        {
            Assert.That(queued.GetProperty("queued").GetInt32(), Is.EqualTo(4), "both ends are included");
            Assert.That(queued.GetProperty("alreadyExisting").GetInt32(), Is.Zero);
            Assert.That(queued.GetProperty("firstOccurrence").GetDateTimeOffset(), Is.EqualTo(Hour));
            Assert.That(queued.GetProperty("lastOccurrence").GetDateTimeOffset(), Is.EqualTo(Hour.AddHours(3)));
            Assert.That(second.GetProperty("queued").GetInt32(), Is.Zero);
            Assert.That(second.GetProperty("alreadyExisting").GetInt32(), Is.EqualTo(4));
        });
        var executions = await ExecutionsAsync(client, id);
        Assert.That(executions.Select(e => e.GetProperty("scheduledFor").GetDateTimeOffset()).Order(),
            Is.EqualTo(Enumerable.Range(0, 4).Select(h => Hour.AddHours(h))));
        Assert.That(executions.Select(e => e.GetProperty("trigger").GetString()), Is.All.EqualTo("backfill"));
        Assert.That(executions.Select(e => e.GetProperty("status").GetString()), Is.All.EqualTo("pending"));
    }

    [Test]
    public async Task BackfillWebhook_WhenAnOccurrenceIsAlreadyInTheHistory_CountsItAsExistingAndQueuesTheRest()
    {
        var (client, id) = await HourlyWebhookAsync();
        await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", new { from = Hour, to = Hour });

        var widened = await ReadJsonAsync(await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", new { from = Hour, to = Hour.AddHours(1) }));

        Assert.That(widened.GetProperty("queued").GetInt32(), Is.EqualTo(1));
        Assert.That(widened.GetProperty("alreadyExisting").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task BackfillWebhook_WhenTheRangeHoldsMoreThanAThousandOccurrences_ReturnsValidationProblemNamingToAndQueuesNothing()
    {
        var (client, id) = await HourlyWebhookAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", new { from = Hour, to = Hour.AddHours(1000) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "to");
        Assert.That(await ExecutionsAsync(client, id), Is.Empty);
    }

    [Test]
    public async Task BackfillWebhook_WhenToIsAfterNow_ReturnsValidationProblemNamingTo()
    {
        var (client, id) = await HourlyWebhookAsync();
        var now = Api.Clock.GetUtcNow();

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", new { from = now.AddHours(-2), to = now.AddHours(1) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "to");
    }

    [Test]
    public async Task BackfillWebhook_WhenTheWebhookIsOneTime_ReturnsValidationProblemNamingScheduleType()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(1)));

        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{created.Id()}/backfill", new { from = Hour, to = Hour.AddHours(1) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "scheduleType");
    }

    [Test]
    public async Task BackfillWebhook_WhenTheWebhookIsAnotherUsers_ReturnsNotFound()
    {
        var (_, id) = await HourlyWebhookAsync();
        var other = await Api.CreateUserClientAsync();

        var response = await other.PostAsJsonAsync($"/api/v1/webhooks/{id}/backfill", new { from = Hour, to = Hour.AddHours(1) });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
