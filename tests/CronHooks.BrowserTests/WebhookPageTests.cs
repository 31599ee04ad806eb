using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class WebhookPageTests : DashboardTest
{
    [Test]
    public async Task RunNow_WhenReceiverAnswers_ShowsTheExecutionAndItsDetails()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Nightly report", "30 2 * * *");
        await CreateWebhookAsync(token, "Weekday digest");
        await CreateWebhookAsync(token, "Quarter-hourly sync", "*/15 * * * *", "Asia/Tokyo");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);

        await page.GetByRole(AriaRole.Link, new() { Name = "Nightly report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nightly report" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Authorization: ****")).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("receiver-secret-token");
        await Expect(page.Locator("#stats")).ToContainTextAsync("0 attempts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        // The node delivers it to the receiver; the history refreshes by itself.
        var row = page.Locator("#history tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "success", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("200");
        await Expect(row).ToContainTextAsync("#1 · Manual");
        Assert.That(BrowserTestHost.Receiver.LogEntries.Any(e => e.RequestMessage?.Path == "/hooks/Nightly-report"), Is.True);
        // The statistics and chart follow the history, without a reload.
        await Expect(page.Locator("#stats")).ToContainTextAsync("1 attempts", new() { Timeout = 15_000 });
        await Expect(page.Locator("#stats")).ToContainTextAsync("100 % success");
        await Expect(page.Locator("#stats svg.chart rect.bar.success")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "webhook");

        await row.GetByRole(AriaRole.Link, new() { Name = "Details" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attempt #1" })).ToBeVisibleAsync();
        await Expect(page.Locator("#response-code")).ToHaveTextAsync("200");
        await Expect(page.Locator("pre.body")).ToContainTextAsync("\"received\": true");
        // The request shown is the one this attempt sent, as the receiver got it, with secrets masked.
        var received = BrowserTestHost.Receiver.LogEntries.Single(e => e.RequestMessage?.Path == "/hooks/Nightly-report").RequestMessage!;
        var http = page.Locator("pre.http");
        await Expect(http).ToContainTextAsync($"{received.Method} {BrowserTestHost.Receiver.Url}{received.Path}");
        await Expect(http).ToContainTextAsync(received.Body!);
        await Expect(http).ToContainTextAsync($"webhook-id: {received.Headers!["webhook-id"].Single()}");
        await Expect(http).ToContainTextAsync("Authorization: ****oken");
        await Expect(http).ToContainTextAsync("webhook-signature: ****");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("receiver-secret-token");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(received.Headers!["webhook-signature"].Single());
        await ScreenshotAsync(page, "execution");

        // The list now shows the last result and the 24-hour success rate.
        await page.GotoAsync("/#/webhooks");
        var listRow = page.Locator($"tr[data-id='{id}']");
        await Expect(listRow).ToContainTextAsync("Success 200");
        await Expect(listRow).ToContainTextAsync("100 %");
        await Expect(listRow).ToContainTextAsync("Every day at 02:30");
        await ScreenshotAsync(page, "list");
        var phone = await NewPageAsync(phone: true);
        await LogInAsync(phone, username);
        await ScreenshotAsync(phone, "list-phone");
    }

    [Test]
    public async Task CancelAndResume_WhenClicked_ChangeStateOnThePageAndInTheList()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Cache warmer", "*/5 * * * *");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Cancelled");
        Assert.That((await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}")).GetProperty("isActive").GetBoolean(), Is.False);

        await page.GotoAsync("/#/webhooks?state=cancelled");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByLabel("State").SelectOptionAsync("active");
        await Expect(page.GetByText("No webhook matches these filters.")).ToBeVisibleAsync();

        await page.GotoAsync($"/#/webhooks/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Active");
        Assert.That((await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}")).GetProperty("isActive").GetBoolean(), Is.True);

        // Delete asks first; keeping it changes nothing, confirming removes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cache warmer" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("No webhooks yet.")).ToBeVisibleAsync();
    }

    [Test]
    public async Task OneTimeWebhook_WhenItHasRun_ShowsCompletedWithWhenOnItsPageAndInTheList()
    {
        var (username, token) = await RegisterAsync();
        // Far enough ahead for the page to open first on a busy machine.
        var at = DateTimeOffset.UtcNow.AddSeconds(20);
        var webhook = await ApiAsync(token, HttpMethod.Post, "/api/v1/webhooks", new
        {
            name = "Launch announcement",
            url = $"{BrowserTestHost.Receiver.Url}/hooks/launch",
            scheduleType = "once",
            scheduledAt = at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}");
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Active");

        // The scheduler queues the occurrence, which completes it; the page follows without a reload.
        await Expect(page.Locator("#history tbody tr").First).ToHaveAttributeAsync("data-status", "success", new() { Timeout = 90_000 });
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Completed", new() { Timeout = 15_000 });
        var completedAt = (await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}")).GetProperty("completedAt").GetString();
        var settings = page.Locator("dl.settings");
        await Expect(settings).ToContainTextAsync("Completed");
        await Expect(settings.Locator($"time[datetime='{completedAt}']")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel schedule" })).ToHaveCountAsync(0);

        await page.GotoAsync("/#/webhooks?state=completed");
        var row = page.Locator($"tr[data-id='{id}']");
        await Expect(row.Locator("td[data-label='State']")).ToContainTextAsync("Completed");
        await Expect(row.Locator($"td[data-label='State'] time[datetime='{completedAt}']")).ToHaveCountAsync(1);
        await page.GetByLabel("State").SelectOptionAsync("active");
        await Expect(page.GetByText("No webhook matches these filters.")).ToBeVisibleAsync();
    }
}
