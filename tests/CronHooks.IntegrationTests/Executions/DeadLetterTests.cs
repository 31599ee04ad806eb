using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Executions;

/// <summary>The dead letters across a user's webhooks, and sending their occurrences again.</summary>
public sealed class DeadLetterTests : ApiTest
{
    private static async Task<(HttpClient Client, Guid Owner)> UserAsync()
    {
        var client = await Api.CreateUserClientAsync();
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/auth/me"));
        return (client, me.GetProperty("id").GetGuid());
    }

    private static async Task<Guid> WebhookAsync(HttpClient client) =>
        (await client.CreateWebhookAsync(WebhookRequests.Recurring())).GetProperty("id").GetGuid();

    private static Task<Guid> AttemptAsync(Guid webhook, Guid owner, string status, DateTimeOffset occurrence, int attempt = 1,
        string? errorKind = "http_status", string? trigger = null) =>
        AttemptRows.InsertAsync(new AttemptRows.Row(webhook, owner, status, occurrence, occurrence.AddSeconds(attempt), attempt,
            ExecutedAt: occurrence.AddSeconds(attempt), FinishedAt: occurrence.AddSeconds(attempt), ResponseCode: errorKind == "http_status" ? 500 : null,
            ErrorKind: status == "Success" ? null : errorKind, Trigger: trigger));

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Test]
    public async Task ListAllExecutions_WithFilters_ListsOnlyTheCallersMatchingAttemptsAcrossWebhooksNewestFirst()
    {
        var (alice, aliceId) = await UserAsync();
        var (bob, bobId) = await UserAsync();
        var first = await WebhookAsync(alice);
        var second = await WebhookAsync(alice);
        var now = DateTimeOffset.UtcNow;
        var oldFailure = await AttemptAsync(first, aliceId, "Failed", now.AddHours(-3), errorKind: "timeout");
        await AttemptAsync(first, aliceId, "Success", now.AddHours(-2));
        var newFailure = await AttemptAsync(second, aliceId, "Failed", now.AddHours(-1));
        await AttemptAsync(await WebhookAsync(bob), bobId, "Failed", now.AddMinutes(-30));

        var failed = await ReadJsonAsync(await alice.GetAsync("/api/v1/executions?status=failed"));
        var ofFirst = await ReadJsonAsync(await alice.GetAsync($"/api/v1/executions?status=failed&webhookId={first}"));
        var timeouts = await ReadJsonAsync(await alice.GetAsync("/api/v1/executions?errorKind=timeout"));
        var recent = await ReadJsonAsync(await alice.GetAsync(
            $"/api/v1/executions?from={Uri.EscapeDataString(now.AddHours(-2.5).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}&status=failed"));
        var everything = await ReadJsonAsync(await alice.GetAsync("/api/v1/executions?pageSize=2"));

        Assert.That(Ids(failed), Is.EqualTo(new[] { newFailure, oldFailure }), "newest first, only Alice's");
        Assert.That(failed.GetProperty("totalCount").GetInt32(), Is.EqualTo(2));
        Assert.That(Ids(ofFirst), Is.EqualTo(new[] { oldFailure }));
        Assert.That(Ids(timeouts), Is.EqualTo(new[] { oldFailure }));
        Assert.That(Ids(recent), Is.EqualTo(new[] { newFailure }));
        Assert.That(everything.GetProperty("totalCount").GetInt32(), Is.EqualTo(3));
        Assert.That(everything.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task ListAllExecutions_WhenTheFilterIsBad_AnswersAProblemNamingTheField()
    {
        var (alice, _) = await UserAsync();

        await AssertProblemAsync(await alice.GetAsync("/api/v1/executions?status=lost"), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await alice.GetAsync("/api/v1/executions?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await AssertProblemAsync(await alice.GetAsync($"/api/v1/executions?errorKind={new string('x', 65)}"), HttpStatusCode.BadRequest, "errorKind");
        await AssertProblemAsync(await alice.GetAsync("/api/v1/executions?pageSize=101"), HttpStatusCode.BadRequest, "pageSize");
    }

    [Test]
    public async Task RedeliverExecution_WhenTheOccurrenceFailed_QueuesOneMoreAttemptOfTheSameOccurrenceOnlyOnce()
    {
        var (alice, aliceId) = await UserAsync();
        var webhook = await WebhookAsync(alice);
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var occurrence = new DateTimeOffset(hourAgo.Ticks - (hourAgo.Ticks % 10), TimeSpan.Zero); // PostgreSQL keeps microseconds
        var retried = await AttemptAsync(webhook, aliceId, "Retrying", occurrence);
        var failed = await AttemptAsync(webhook, aliceId, "Failed", occurrence, attempt: 2);

        var response = await alice.PostAsync($"/api/v1/executions/{failed}/redeliver", null);
        var again = await alice.PostAsync($"/api/v1/executions/{failed}/redeliver", null);
        var earlier = await alice.PostAsync($"/api/v1/executions/{retried}/redeliver", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var queued = await ReadJsonAsync(response);
        Assert.That(queued.GetProperty("trigger").GetString(), Is.EqualTo("redelivery"));
        Assert.That(queued.GetProperty("attemptNumber").GetInt32(), Is.EqualTo(3));
        Assert.That(queued.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(queued.GetProperty("scheduledFor").GetDateTimeOffset(), Is.EqualTo(occurrence), "the same occurrence, hence the same webhook-id");
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
        await AssertProblemAsync(earlier, HttpStatusCode.Conflict);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue"), Is.EqualTo(1));
    }

    [Test]
    public async Task RedeliverExecution_WhenItCannotBeRedelivered_AnswersNotFoundOrConflictAndQueuesNothing()
    {
        var (alice, aliceId) = await UserAsync();
        var (bob, bobId) = await UserAsync();
        var webhook = await WebhookAsync(alice);
        var cancelled = await WebhookAsync(alice);
        var now = DateTimeOffset.UtcNow;
        var delivered = await AttemptAsync(webhook, aliceId, "Success", now.AddHours(-2));
        var ofCancelled = await AttemptAsync(cancelled, aliceId, "Failed", now.AddHours(-1));
        var bobs = await AttemptAsync(await WebhookAsync(bob), bobId, "Failed", now.AddHours(-1));
        (await alice.PostAsync($"/api/v1/webhooks/{cancelled}/cancel", null)).EnsureSuccessStatusCode();

        await AssertProblemAsync(await alice.PostAsync($"/api/v1/executions/{bobs}/redeliver", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await alice.PostAsync($"/api/v1/executions/{delivered}/redeliver", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await alice.PostAsync($"/api/v1/executions/{ofCancelled}/redeliver", null), HttpStatusCode.Conflict);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue"), Is.Zero);
    }

    [Test]
    public async Task RedeliverExecutions_WithAFilter_QueuesEachUndeliveredOccurrenceOnceAndSaysHowMany()
    {
        var (alice, aliceId) = await UserAsync();
        var (bob, bobId) = await UserAsync();
        var webhook = await WebhookAsync(alice);
        var cancelled = await WebhookAsync(alice);
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 3; i++)
            await AttemptAsync(webhook, aliceId, "Failed", now.AddHours(-i));
        await AttemptAsync(webhook, aliceId, "Skipped", now.AddHours(-4), errorKind: "quota_exceeded");
        await AttemptAsync(cancelled, aliceId, "Failed", now.AddHours(-1));
        await AttemptAsync(await WebhookAsync(bob), bobId, "Failed", now.AddHours(-1));
        (await alice.PostAsync($"/api/v1/webhooks/{cancelled}/cancel", null)).EnsureSuccessStatusCode();

        var limited = await ReadJsonAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { limit = 2 }));
        var rest = await ReadJsonAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { }));
        var skipped = await ReadJsonAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { status = "skipped", errorKind = "quota_exceeded" }));
        var none = await ReadJsonAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { }));

        Assert.That(limited.GetProperty("queued").GetInt32(), Is.EqualTo(2));
        Assert.That(rest.GetProperty("queued").GetInt32(), Is.EqualTo(1), "the third failed occurrence; the cancelled webhook's is left alone");
        Assert.That(skipped.GetProperty("queued").GetInt32(), Is.EqualTo(1));
        Assert.That(none.GetProperty("queued").GetInt32(), Is.Zero, "each occurrence is queued once");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE trigger = 'Redelivery' AND owner_id = $1", aliceId), Is.EqualTo(4));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE owner_id = $1", bobId), Is.Zero);
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { limit = 1001 }), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/v1/executions/redeliver", new { status = "success" }), HttpStatusCode.BadRequest, "status");
    }

    [Test]
    public async Task Stats_WhenAnOccurrenceWasRedelivered_CountsTheRedeliveryOnce()
    {
        var (alice, aliceId) = await UserAsync();
        var webhook = await WebhookAsync(alice);
        var occurrence = DateTimeOffset.UtcNow.AddHours(-1);
        await AttemptAsync(webhook, aliceId, "Failed", occurrence);
        await AttemptAsync(webhook, aliceId, "Success", occurrence, attempt: 2, trigger: "Redelivery");

        var stats = await ReadJsonAsync(await alice.GetAsync($"/api/v1/webhooks/{webhook}/stats?window=24h"));

        Assert.That(stats.GetProperty("redeliveries").GetInt32(), Is.EqualTo(1));
        Assert.That(stats.GetProperty("counts").GetProperty("total").GetInt32(), Is.EqualTo(2));
        Assert.That(stats.GetProperty("counts").GetProperty("success").GetInt32(), Is.EqualTo(1));
    }
}
