using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Admin;

public sealed class AdminWebhooksTests : ApiTest
{
    [Test]
    public async Task PauseWebhook_ShowsTheNoteToTheOwner_WhoCannotResumeIt()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync("ada");
        var webhook = await owner.CreateWebhookAsync(WebhookRequests.Recurring().With("url", "https://receiver.example.com/hooks?token=s3cret"));

        var paused = await admin.PostAsJsonAsync($"/api/v1/admin/webhooks/{webhook.Id()}/pause", new { note = "Floods its receiver; write to ops@example.com" });
        var seen = await ReadJsonAsync(await owner.GetAsync($"/api/v1/webhooks/{webhook.Id()}"));
        var resume = await owner.PostAsync($"/api/v1/webhooks/{webhook.Id()}/resume", null);

        Assert.That(paused.StatusCode, Is.EqualTo(HttpStatusCode.OK), await paused.Content.ReadAsStringAsync());
        var shown = await ReadJsonAsync(paused);
        Assert.That(shown.GetProperty("urlHost").GetString(), Is.EqualTo("receiver.example.com"));
        Assert.That(shown.ToString(), Does.Not.Contain("s3cret"));
        Assert.That(seen.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
        Assert.That(seen.GetProperty("pauseNote").GetString(), Is.EqualTo("Floods its receiver; write to ops@example.com"));
        Assert.That(seen.GetProperty("pausedBy").GetString(), Is.EqualTo("admin"));
        var problem = await AssertProblemAsync(resume, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("administrator").And.Contain("Floods its receiver"));

        var unpaused = await admin.PostAsync($"/api/v1/admin/webhooks/{webhook.Id()}/unpause", null);
        var after = await ReadJsonAsync(await owner.GetAsync($"/api/v1/webhooks/{webhook.Id()}"));
        Assert.That(unpaused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.GetProperty("state").GetString(), Is.EqualTo("active"));
        Assert.That(after.GetProperty("pauseNote").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task PauseWebhook_WithoutANoteOrForAnUnknownWebhook_ReturnsProblemsAndChangesNothing()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync();
        var webhook = await owner.CreateWebhookAsync(WebhookRequests.Recurring());

        await AssertProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/webhooks/{webhook.Id()}/pause", new { note = " " }), HttpStatusCode.BadRequest, "note");
        await AssertProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/webhooks/{Guid.NewGuid()}/pause", new { note = "x" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/webhooks/{webhook.Id()}/unpause", null), HttpStatusCode.Conflict);

        Assert.That((await ReadJsonAsync(await owner.GetAsync($"/api/v1/webhooks/{webhook.Id()}"))).GetProperty("state").GetString(), Is.EqualTo("active"));
    }

    [Test]
    public async Task ListAllWebhooks_FiltersByNameHostOwnerAndState()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var ada = await Api.CreateUserClientAsync("ada");
        var bob = await Api.CreateUserClientAsync("bob");
        await ada.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "Nightly report").With("url", "https://api.reports.example.com/x"));
        var other = await bob.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "Ping").With("url", "https://ping.example.org/?q=reports"));
        await bob.PostAsync($"/api/v1/webhooks/{other.Id()}/cancel", null);

        async Task<string[]> NamesAsync(string query) =>
            (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/webhooks?" + query))).GetProperty("items").EnumerateArray()
                .Select(w => w.GetProperty("name").GetString()!).ToArray();

        Assert.That(await NamesAsync(""), Is.EquivalentTo(new[] { "Nightly report", "Ping" }));
        Assert.That(await NamesAsync("name=nightly"), Is.EqualTo(new[] { "Nightly report" }));
        Assert.That(await NamesAsync("host=reports.example.com"), Is.EqualTo(new[] { "Nightly report" }), "a query string is not the host");
        Assert.That(await NamesAsync("owner=bob"), Is.EqualTo(new[] { "Ping" }));
        Assert.That(await NamesAsync("state=cancelled"), Is.EqualTo(new[] { "Ping" }));
        await AssertProblemAsync(await admin.GetAsync("/api/v1/admin/webhooks?state=sleeping"), HttpStatusCode.BadRequest, "state");
    }

    [Test]
    public async Task ListAllExecutions_ShowsEveryUsersAttemptsFilteredNewestFirst()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var ada = await Api.CreateUserClientAsync("ada");
        var bob = await Api.CreateUserClientAsync("bob");
        var first = await ada.CreateWebhookAsync(WebhookRequests.Recurring());
        var second = await bob.CreateWebhookAsync(WebhookRequests.Recurring());
        await ada.PostAsync($"/api/v1/webhooks/{first.Id()}/trigger", null);
        Api.Clock.Advance(TimeSpan.FromSeconds(5));
        await bob.PostAsync($"/api/v1/webhooks/{second.Id()}/trigger", null);

        var all = (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/executions"))).GetProperty("items");
        var one = (await ReadJsonAsync(await admin.GetAsync($"/api/v1/admin/executions?webhookId={first.Id()}&status=pending"))).GetProperty("items");
        var none = (await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/executions?errorKind=timeout"))).GetProperty("items");

        Assert.That(all.GetArrayLength(), Is.EqualTo(2));
        Assert.That(all[0].GetProperty("webhookId").GetString(), Is.EqualTo(second.Id()), "newest first");
        Assert.That(all[0].TryGetProperty("responseBody", out _), Is.False, "outcomes only");
        Assert.That(one.GetArrayLength(), Is.EqualTo(1));
        Assert.That(none.GetArrayLength(), Is.Zero);
        await AssertProblemAsync(await admin.GetAsync("/api/v1/admin/executions?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
    }

    [Test]
    public async Task GetClusterStatus_MatchesWhatTheNodesReportAndTheQueueHolds()
    {
        var admin = await Api.CreateAdminClientAsync("root");
        var owner = await Api.CreateUserClientAsync();
        var webhook = await owner.CreateWebhookAsync(WebhookRequests.Recurring());
        await owner.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null);
        var now = DateTimeOffset.UtcNow;
        await TestDatabase.ScalarAsync<int>("DELETE FROM quartz.qrtz_scheduler_state");
        // As Quartz's cluster check-in writes them: .NET ticks and milliseconds.
        await TestDatabase.ScalarAsync<int>(
            "INSERT INTO quartz.qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('CronHooks', 'node-a', $1, 7500), ('CronHooks', 'node-b', $2, 7500)",
            now.UtcTicks, now.AddMinutes(-5).UtcTicks);
        Api.Clock.Advance(TimeSpan.FromSeconds(3));

        var status = await ReadJsonAsync(await admin.GetAsync("/api/v1/admin/cluster"));

        var nodes = status.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("live").GetBoolean());
        Assert.That(nodes, Is.EqualTo(new Dictionary<string, bool> { ["node-a"] = true, ["node-b"] = false }));
        Assert.That(status.GetProperty("nodes")[0].GetProperty("lastCheckinAt").GetDateTimeOffset(), Is.EqualTo(now).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(status.GetProperty("queueDepth").GetInt64(), Is.EqualTo(1));
        Assert.That(status.GetProperty("oldestDueAgeSeconds").GetDouble(), Is.GreaterThanOrEqualTo(3));
        Assert.That(status.GetProperty("historyPartitions").GetArrayLength(), Is.GreaterThanOrEqualTo(1));
    }
}
