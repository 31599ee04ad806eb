using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class WebhookFormTests : DashboardTest
{
    [Test]
    public async Task CreateWebhook_WhenCronIsEntered_PreviewShowsTheApiRunsWithClockChangesMarked()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        // Monthly at 12:00 in Berlin: any ten months in a row cross a daylight-saving change there.
        const string cron = "0 12 1 * *";
        const string zone = "Europe/Berlin";

        await page.GetByRole(AriaRole.Link, new() { Name = "New webhook" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync("Monthly invoice run");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/invoices");
        await page.GetByLabel("Headers").FillAsync("X-Api-Key: very-secret-value");
        await page.GetByLabel("Payload (JSON)").FillAsync("{\"job\":\"invoices\"}");
        await page.GetByLabel("Time zone").FillAsync(zone);
        await page.GetByLabel("Cron expression").FillAsync(cron);
        await page.GetByLabel("Alert endpoint").FillAsync($"{BrowserTestHost.Receiver.Url}/alerts");
        await page.GetByLabel("Alert after this many failures in a row").FillAsync("5");

        var expected = await ApiAsync(token, HttpMethod.Get, $"/api/v1/schedules/preview?cronExpression={Uri.EscapeDataString(cron)}&timezone={zone}&count=10");
        var occurrences = expected.GetProperty("occurrences").EnumerateArray().ToList();
        var rows = page.Locator("table.preview tbody tr");
        await Expect(rows).ToHaveCountAsync(10);
        Assert.That(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.utc)"),
            Is.EqualTo(occurrences.Select(o => o.GetProperty("utc").GetString()).ToArray()));
        // A row is marked where Berlin's offset differs from the row before (the first: from now).
        var offsets = occurrences.Select(o => DateTimeOffset.Parse(o.GetProperty("local").GetString()!, CultureInfo.InvariantCulture).Offset).ToList();
        var nowOffset = TimeZoneInfo.FindSystemTimeZoneById(zone).GetUtcOffset(DateTimeOffset.UtcNow);
        var expectedMarks = offsets.Select((o, i) => o != (i == 0 ? nowOffset : offsets[i - 1])).ToArray();
        Assert.That(expectedMarks, Has.Some.True, "the chosen schedule should cross a clock change");
        Assert.That(await rows.EvaluateAllAsync<bool[]>("rs => rs.map(r => r.classList.contains('dst'))"), Is.EqualTo(expectedMarks));
        await Expect(page.GetByText("Every month on day 1 at 12:00")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "form-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Monthly invoice run" })).ToBeVisibleAsync();
        await Expect(page.Locator("#secret code.secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        await Expect(page.GetByText("X-Api-Key: ")).Not.ToContainTextAsync("very-secret-value");
        var stored = await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks");
        Assert.That(stored.GetProperty("items")[0].GetProperty("cronExpression").GetString(), Is.EqualTo(cron));
        Assert.That(stored.GetProperty("items")[0].GetProperty("timezone").GetString(), Is.EqualTo(zone));
        var alert = stored.GetProperty("items")[0].GetProperty("alert");
        Assert.That(alert.GetProperty("url").GetString(), Is.EqualTo($"{BrowserTestHost.Receiver.Url}/****"), "stored encrypted, shown masked");
        Assert.That(alert.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(5));
        await Expect(page.GetByText("after 5 failures in a row")).ToBeVisibleAsync();
    }

    [Test]
    public async Task CreateWebhook_WhenFieldsAreInvalid_ShowsTheApiMessagesBesideThem()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync("/#/webhooks/new");

        // While typing: the preview endpoint's validation problem, under the cron field.
        await page.GetByLabel("Cron expression").FillAsync("61 * * * *");
        var cronError = page.Locator("#f-cronExpression-error");
        await Expect(cronError).Not.ToBeEmptyAsync();
        await Expect(page.GetByLabel("Cron expression")).ToHaveAttributeAsync("aria-invalid", "true");

        // On save: the create endpoint's problem, each message under its own field.
        await page.GetByLabel("Name").FillAsync("Broken");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync("not a url");
        await page.GetByLabel("Alert endpoint").FillAsync("ftp://example.com/alerts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();
        await Expect(page.Locator("#f-url-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("[id='f-alert.url-error']")).Not.ToBeEmptyAsync();
        await Expect(cronError).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#f-name-error")).ToBeEmptyAsync();

        // Fixing the cron clears its message and brings the preview back.
        await page.GetByLabel("Cron expression").FillAsync("*/15 * * * *");
        await Expect(cronError).ToBeEmptyAsync();
        await Expect(page.Locator("table.preview tbody tr")).ToHaveCountAsync(10);
        var list = await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks");
        Assert.That(list.GetProperty("totalCount").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WhenAKeyIsGiven_ThePageShowsItAndTheEditFormKeepsIt()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync("/#/webhooks/new");

        await page.GetByLabel("Name").FillAsync("Keyed report");
        await page.GetByLabel("Key (optional)").FillAsync("keyed-report");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/keyed");
        await page.GetByLabel("Cron expression").FillAsync("0 6 * * *");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Keyed report" })).ToBeVisibleAsync();
        await Expect(page.Locator("dl.settings code", new() { HasText = "keyed-report" })).ToBeVisibleAsync();
        var stored = await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks?key=keyed-report");
        Assert.That(stored.GetProperty("totalCount").GetInt32(), Is.EqualTo(1));

        await page.GotoAsync($"/#/webhooks/{stored.GetProperty("items")[0].GetProperty("id").GetString()}/edit");
        await Expect(page.GetByLabel("Key (optional)")).ToHaveValueAsync("keyed-report");
    }
}
