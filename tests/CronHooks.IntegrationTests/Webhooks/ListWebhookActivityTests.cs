using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>What the dashboard's list shows beside each webhook: last result and 24-hour success rate, and search.</summary>
public sealed class ListWebhookActivityTests : ApiTest
{
    private static async Task InsertAttemptAsync(string webhookId, string status, DateTimeOffset createdAt, DateTimeOffset? finishedAt, int? responseCode = null, string? errorKind = null)
    {
        var owner = await TestDatabase.ScalarAsync<Guid>("SELECT owner_id FROM webhooks WHERE id = $1", Guid.Parse(webhookId));
        await AttemptRows.InsertAsync(new AttemptRows.Row(Guid.Parse(webhookId), owner, status, createdAt, createdAt,
            FinishedAt: finishedAt, ResponseCode: responseCode, ErrorKind: errorKind));
    }

    [Test]
    public async Task ListWebhooks_WhenAttemptsExist_ShowsLastFinishedResultAndSuccessRateOver24Hours()
    {
        var client = await Api.CreateUserClientAsync();
        var busy = (await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "busy"))).Id();
        var quiet = (await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "quiet"))).Id();
        var now = Api.Clock.GetUtcNow();
        // 24 h: two successes, a failure, a retried attempt (counts as a result), a pending one (does not).
        await InsertAttemptAsync(busy, "Success", now.AddHours(-3), now.AddHours(-3), 200);
        await InsertAttemptAsync(busy, "Success", now.AddHours(-2), now.AddHours(-2), 200);
        await InsertAttemptAsync(busy, "Retrying", now.AddHours(-1.5), now.AddHours(-1.5), 503);
        await InsertAttemptAsync(busy, "Failed", now.AddHours(-1), now.AddMinutes(-59), null, "timeout");
        await InsertAttemptAsync(busy, "Pending", now.AddMinutes(-1), null);
        // Older than 24 h: not in the rate, and not the last result either.
        await InsertAttemptAsync(busy, "Success", now.AddHours(-30), now.AddHours(-30), 200);

        var list = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks"));

        var items = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("activity"));
        Assert.That(items["busy"].GetProperty("attempts24h").GetInt32(), Is.EqualTo(5));
        Assert.That(items["busy"].GetProperty("successRate24h").GetDouble(), Is.EqualTo(0.5));
        var last = items["busy"].GetProperty("lastResult");
        Assert.That(last.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(last.GetProperty("errorKind").GetString(), Is.EqualTo("timeout"));
        Assert.That(last.GetProperty("finishedAt").GetDateTimeOffset(), Is.EqualTo(now.AddMinutes(-59)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(items["quiet"].GetProperty("attempts24h").GetInt32(), Is.Zero);
        Assert.That(items["quiet"].GetProperty("successRate24h").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(items["quiet"].GetProperty("lastResult").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        // Only the list carries it.
        var single = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{busy}"));
        Assert.That(single.TryGetProperty("activity", out _), Is.False);
    }

    [Test]
    public async Task ListWebhooks_WhenSearching_MatchesNameOrUrlIgnoringCaseAndTakingWildcardsLiterally()
    {
        var client = await Api.CreateUserClientAsync();
        await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "Nightly REPORT").With("url", "https://example.com/a"));
        await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "billing").With("url", "https://example.com/reports/daily"));
        await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "100% done").With("url", "https://example.com/b"));
        await client.CreateWebhookAsync(WebhookRequests.Recurring().With("name", "cleanup").With("url", "https://example.com/c"));

        var reports = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?search=report"));
        var percent = await ReadJsonAsync(await client.GetAsync("/api/v1/webhooks?search=%25"));

        Assert.That(reports.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()),
            Is.EquivalentTo(new[] { "Nightly REPORT", "billing" }));
        Assert.That(reports.GetProperty("totalCount").GetInt32(), Is.EqualTo(2));
        Assert.That(percent.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()), Is.EqualTo(new[] { "100% done" }));
    }
}
