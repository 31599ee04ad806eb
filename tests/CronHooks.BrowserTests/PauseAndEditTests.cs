using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The webhook page's Pause…, Skip next… and Backfill…, editing a webhook, and rotating its signing secret.</summary>
public sealed class PauseAndEditTests : DashboardTest
{
    [Test]
    public async Task PauseSkipAndBackfill_WhenUsedFromTheWebhookPage_ShowTheNoteResumeTimeSkipsAndQueuedCount()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Nightly export", "0 3 * * *", "UTC");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Note (optional)").FillAsync("Receiver migration");
        await dialog.GetByLabel("Resume by itself at (optional)").FillAsync("2099-01-05T08:00");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();

        await Expect(page.Locator("#pause-note")).ToHaveTextAsync("Receiver migration");
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Cancelled");
        var paused = await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}");
        Assert.That(paused.GetProperty("pausedBy").GetString(), Is.EqualTo("owner"));
        // 08:00 in the browser's zone (New York, winter: UTC-5).
        Assert.That(paused.GetProperty("pausedUntil").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2099, 1, 5, 13, 0, 0, TimeSpan.Zero)));
        await Expect(page.Locator("#paused-until time")).ToHaveAttributeAsync("datetime", paused.GetProperty("pausedUntil").GetString()!);
        await page.GotoAsync("/#/webhooks");
        await Expect(page.Locator($"tr[data-id='{id}']")).ToContainTextAsync("Paused: Receiver migration · until");

        await page.GotoAsync($"/#/webhooks/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("Active");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skip next…" }).ClickAsync();
        await dialog.GetByLabel("How many").FillAsync("2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Skip", Exact = true }).ClickAsync();
        await Expect(page.Locator("#skip-next")).ToHaveTextAsync("the next 2 scheduled occurrences");

        // A range the API refuses keeps the dialog open with the reason under the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Backfill…" }).ClickAsync();
        await dialog.GetByLabel("From").FillAsync("2026-01-04T00:00");
        await dialog.GetByLabel("To").FillAsync("2099-01-01T00:00");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Backfill", Exact = true }).ClickAsync();
        await Expect(dialog.Locator("[data-field='to'] .field-error")).ToContainTextAsync("must not be after now");
        await dialog.GetByLabel("To").FillAsync("2026-01-09T12:00");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Backfill", Exact = true }).ClickAsync();
        await Expect(page.Locator("#toast")).ToHaveTextAsync("Queued 5; 0 already queued or sent.");
        await Expect(page.Locator("#history")).ToContainTextAsync("Backfill", new() { Timeout = 15_000 });
    }

    [Test]
    public async Task EditWebhook_WhenAFieldIsChangedAndSaved_ShowsTheNewValueOnItsPage()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Cache warmer", "*/5 * * * *");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Cache warmer (EU)");
        await page.GetByLabel("Pause after this many failed occurrences in a row").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cache warmer (EU)" })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.settings")).ToContainTextAsync("4 failed occurrences in a row");
        var saved = await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}");
        Assert.That(saved.GetProperty("name").GetString(), Is.EqualTo("Cache warmer (EU)"));
        Assert.That(saved.GetProperty("pauseAfterFailures").GetInt32(), Is.EqualTo(4));
        Assert.That(saved.GetProperty("cronExpression").GetString(), Is.EqualTo("*/5 * * * *"), "the fields not touched are kept");
    }

    [Test]
    public async Task RotateSecret_WhenConfirmed_ShowsTheNewSecretOnceOnly()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Invoice sync");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();

        var secret = page.Locator("#secret code.secret");
        await Expect(secret).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        var shown = await secret.TextContentAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice sync" })).ToBeVisibleAsync();
        await Expect(page.Locator("#secret code.secret")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(shown!);
    }
}
