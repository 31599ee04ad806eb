using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class CallbackPageTests : DashboardTest
{
    [Test]
    public async Task Callbacks_WhenSetInTheFormAndTheWebhookRuns_AreShownOnTheAttemptPage()
    {
        var (username, _) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        var callbackUrl = $"{BrowserTestHost.Receiver.Url}/callbacks/report";

        await page.GetByRole(AriaRole.Link, new() { Name = "New webhook" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync("Report with callback");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/hooks/report");
        await page.GetByLabel("Cron expression").FillAsync("0 3 * * *");
        await page.GetByLabel("Callback URL", new() { Exact = true }).FillAsync(callbackUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report with callback" })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.settings")).ToContainTextAsync($"Every attempt: {callbackUrl}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        var row = page.Locator("#history tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "success", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Link, new() { Name = "Details" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Callbacks" })).ToBeVisibleAsync();

        // The callback is sent just after the attempt is recorded: the page shows it as it stood when opened.
        var callback = page.Locator("table.callbacks tbody tr[data-target='callbackUrl']");
        for (var i = 0; i < 30 && await callback.GetAttributeAsync("data-status", new() { Timeout = 10_000 }) != "sent"; i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Expect(callback).ToHaveAttributeAsync("data-status", "sent");
        await Expect(callback).ToContainTextAsync("Callback");
        await Expect(callback).ToContainTextAsync("200");
        Assert.That(BrowserTestHost.Receiver.LogEntries.Count(e => e.RequestMessage?.Path == "/callbacks/report"), Is.EqualTo(1));
    }
}
