using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The Failed view: dead letters across webhooks, each with a Redeliver button, and one for all of them.</summary>
public sealed class FailedPageTests : DashboardTest
{
    [Test]
    public async Task FailedPage_ListsFailedOccurrencesAndRedeliversThemOneOrAll()
    {
        var (username, token) = await RegisterAsync();
        var me = await ApiAsync(token, HttpMethod.Get, "/api/v1/auth/me");
        var owner = me.GetProperty("id").GetGuid();
        var webhook = await CreateWebhookAsync(token, $"Nightly {username}");
        var webhookId = webhook.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        var failures = new List<Guid>();
        for (var i = 1; i <= 3; i++)
            failures.Add(await AttemptRows.InsertAsync(new AttemptRows.Row(webhookId, owner, "Failed", now.AddHours(-i), now.AddHours(-i),
                ExecutedAt: now.AddHours(-i), FinishedAt: now.AddHours(-i), ResponseCode: 503, ErrorKind: "http_status")));
        var page = await NewPageAsync();
        await LogInAsync(page, username);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Failed", Exact = true }).ClickAsync();

        var rows = page.Locator("table.failed tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First).ToContainTextAsync($"Nightly {username}");
        await Expect(rows.First).ToContainTextAsync("http_status");
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Queued again");
        Assert.That(await RedeliveriesAsync(token, webhookId), Is.EqualTo(1), "queued, or already sent by the node");

        await page.GetByRole(AriaRole.Button, new() { Name = "Redeliver all failed" }).ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Queued 2 occurrences again.");
        Assert.That(await RedeliveriesAsync(token, webhookId), Is.EqualTo(3), "each failed occurrence once");
    }

    private static async Task<int> RedeliveriesAsync(string token, Guid webhookId)
    {
        var attempts = await ApiAsync(token, HttpMethod.Get, $"/api/v1/executions?webhookId={webhookId}&pageSize=100");
        return attempts.GetProperty("items").EnumerateArray().Count(a => a.GetProperty("trigger").GetString() == "redelivery");
    }
}
