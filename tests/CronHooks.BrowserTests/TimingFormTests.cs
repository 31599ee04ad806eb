using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The form's interval schedule and jitter: previewed, saved, and shown on the webhook's page.</summary>
public sealed class TimingFormTests : DashboardTest
{
    [Test]
    public async Task CreateWebhook_WhenEveryNMinutesWithJitter_PreviewsSavesAndShowsThem()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync("/#/webhooks/new");

        await page.GetByLabel("Name").FillAsync("Sync every 90 minutes");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/sync");
        await page.GetByLabel("Schedule", new() { Exact = true }).SelectOptionAsync("interval");
        await Expect(page.GetByLabel("Cron expression")).ToBeHiddenAsync();
        await page.GetByLabel("Every (minutes)").FillAsync("90");
        await page.GetByLabel("Spread each run by up to (seconds)").FillAsync("120");

        await Expect(page.Locator("table.preview tbody tr")).ToHaveCountAsync(10);
        await Expect(page.GetByText("Every 90 minutes").First).ToBeVisibleAsync();
        await Expect(page.Locator("#jitter-note")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sync every 90 minutes" })).ToBeVisibleAsync();
        var stored = (await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks")).GetProperty("items")[0];
        Assert.That(stored.GetProperty("scheduleType").GetString(), Is.EqualTo("interval"));
        Assert.That(stored.GetProperty("intervalSeconds").GetInt32(), Is.EqualTo(5400));
        Assert.That(stored.GetProperty("jitterSeconds").GetInt32(), Is.EqualTo(120));
        await Expect(page.GetByText("Every 90 minutes from")).ToBeVisibleAsync();
        await Expect(page.Locator("#jitter")).ToContainTextAsync("up to 120 s");
    }
}
