using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The form's overlap policy and catch-up window: set, stored, shown on the webhook page, and kept by the edit form.</summary>
public sealed class OverlapAndCatchupFormTests : DashboardTest
{
    [Test]
    public async Task CreateWebhook_WhenOverlapPolicyAndCatchupWindowAreSet_ThePageShowsThemAndTheEditFormKeepsThem()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync("/#/webhooks/new");

        await page.GetByLabel("Name").FillAsync("Nightly import");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/import");
        await page.GetByLabel("Cron expression").FillAsync("0 2 * * *");
        await page.GetByLabel("After an outage").SelectOptionAsync("all");
        await page.GetByLabel("While the previous run is still going").SelectOptionAsync("bufferOne");
        await page.GetByLabel("Catch-up window (seconds)").FillAsync("3600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nightly import" })).ToBeVisibleAsync();
        await Expect(page.Locator("#overlap-policy")).ToHaveTextAsync("Wait for the previous run (at most one waiting)");
        await Expect(page.Locator("#catchup-window")).ToContainTextAsync("3600 s");
        var stored = (await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks")).GetProperty("items")[0];
        Assert.That((stored.GetProperty("overlapPolicy").GetString(), stored.GetProperty("catchupWindowSeconds").GetInt32(), stored.GetProperty("missedRunPolicy").GetString()),
            Is.EqualTo(("bufferOne", 3600, "all")));

        await page.GotoAsync($"/#/webhooks/{stored.GetProperty("id").GetString()}/edit");
        await Expect(page.GetByLabel("While the previous run is still going")).ToHaveValueAsync("bufferOne");
        await Expect(page.GetByLabel("Catch-up window (seconds)")).ToHaveValueAsync("3600");
        await page.GetByLabel("While the previous run is still going").SelectOptionAsync("skip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.Locator("#overlap-policy")).ToHaveTextAsync("Skip the new run");
        Assert.That((await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks")).GetProperty("items")[0].GetProperty("catchupWindowSeconds").GetInt32(),
            Is.EqualTo(3600), "saving the form keeps the window");
    }
}
