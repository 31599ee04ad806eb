using System.Net;
using System.Net.Http.Json;
using System.Text;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>A webhook's <c>catchupWindowSeconds</c>, <c>overlapPolicy</c> and <c>missedRunPolicy: all</c> through create, get, replace and merge patch, and what is refused.</summary>
public sealed class CatchupAndOverlapSettingTests : ApiTest
{
    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    [Test]
    public async Task CreateWebhook_WithoutCatchupOrOverlap_ShowsTheDefaults()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        Assert.That((created.GetProperty("catchupWindowSeconds").GetInt32(), created.GetProperty("overlapPolicy").GetString()),
            Is.EqualTo((60, "allow")));
    }

    [Test]
    public async Task CreateWebhook_WithCatchupOverlapAndMissedRunPolicyAll_StoresAndShowsThem()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring()
            .With("catchupWindowSeconds", 3600).With("overlapPolicy", "bufferOne").With("missedRunPolicy", "all"));

        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("catchupWindowSeconds").GetInt32(), Is.EqualTo(3600));
            Assert.That(read.GetProperty("overlapPolicy").GetString(), Is.EqualTo("bufferOne"));
            Assert.That(read.GetProperty("missedRunPolicy").GetString(), Is.EqualTo("all"));
        });
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT catchup_window_seconds || ' ' || overlap_policy || ' ' || missed_run_policy FROM webhooks"),
            Is.EqualTo("3600 BufferOne All"));
    }

    [Test]
    public async Task CreateWebhook_WithZeroCatchupWindow_KeepsZero()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("catchupWindowSeconds", 0));

        Assert.That(created.GetProperty("catchupWindowSeconds").GetInt32(), Is.Zero, "0 means: never run a late occurrence");
    }

    [TestCase(-1)]
    [TestCase(604_801)]
    public async Task CreateWebhook_WhenCatchupWindowIsOutOfRange_ReturnsValidationProblemAndStoresNothing(int seconds)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("catchupWindowSeconds", seconds));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "catchupWindowSeconds");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WhenOverlapPolicyIsUnknown_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("overlapPolicy", "queueAll"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "overlapPolicy");
    }

    [Test]
    public async Task PatchWebhook_OverlapAndCatchup_ChangeOnlyThemAndReplaceWithoutThemRestoresTheDefaults()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring().With("maxRetries", 5));

        var patched = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            MergePatch("""{"overlapPolicy":"cancelPrevious","catchupWindowSeconds":604800}"""));
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(patched);
        Assert.That((body.GetProperty("overlapPolicy").GetString(), body.GetProperty("catchupWindowSeconds").GetInt32(), body.GetProperty("maxRetries").GetInt32()),
            Is.EqualTo(("cancelPrevious", 604800, 5)));

        var replaced = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring());
        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replaced.Content.ReadAsStringAsync());
        var after = await ReadJsonAsync(replaced);
        Assert.That((after.GetProperty("overlapPolicy").GetString(), after.GetProperty("catchupWindowSeconds").GetInt32()), Is.EqualTo(("allow", 60)));
    }
}
