using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class CalendarPagesTests : DashboardTest
{
    [Test]
    public async Task CalendarsPage_CreatesEditsAndDeletesACalendarAndExplainsWhyOneInUseStays()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);

        await page.GetByRole(AriaRole.Link, new() { Name = "Calendars" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calendars", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("Germany");
        await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await page.GetByLabel("Country (optional)").FillAsync("XX");
        await page.GetByLabel("Dates (optional)").FillAsync("2026-12-24\n2026-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create calendar" }).ClickAsync();
        await Expect(page.Locator("[data-field=country] .field-error")).ToContainTextAsync("'XX'");

        await page.GetByLabel("Country (optional)").FillAsync("DE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create calendar" }).ClickAsync();
        var row = page.Locator("tbody tr").Filter(new() { HasText = "Germany" });
        await Expect(row).ToContainTextAsync("DE");
        await Expect(row).ToContainTextAsync("2");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Germany" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Germany and company days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save calendar" }).ClickAsync();
        var renamed = page.Locator("tbody tr").Filter(new() { HasText = "Germany and company days" });
        await Expect(renamed).ToBeVisibleAsync();
        var calendarId = await renamed.GetAttributeAsync("data-id");

        var webhook = await ApiAsync(token, HttpMethod.Post, "/api/v1/webhooks", new Dictionary<string, object?>
        {
            ["name"] = "Daily report", ["url"] = $"{BrowserTestHost.Receiver.Url}/report", ["scheduleType"] = "recurring",
            ["cronExpression"] = "0 9 * * 1-5", ["timezone"] = "Europe/Berlin", ["calendarIds"] = new[] { calendarId },
        });
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await renamed.GetByRole(AriaRole.Button, new() { Name = "Delete Germany and company days" }).ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("Daily report");
        await Expect(renamed).ToBeVisibleAsync();

        await ApiAsync(token, HttpMethod.Patch, $"/api/v1/webhooks/{webhook.GetProperty("id").GetString()}", new { calendarIds = Array.Empty<string>() });
        await renamed.GetByRole(AriaRole.Button, new() { Name = "Delete Germany and company days" }).ClickAsync();
        await Expect(page.GetByText("No calendars yet.")).ToBeVisibleAsync();
    }

    [Test]
    public async Task WebhookForm_WhenACalendarIsPicked_PreviewsAndSavesWhatReallyRuns()
    {
        var (username, token) = await RegisterAsync();
        var calendar = await ApiAsync(token, HttpMethod.Post, "/api/v1/calendars",
            new { name = "Germany", timezone = "Europe/Berlin", country = "DE", dates = Array.Empty<string>() });
        var calendarId = calendar.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        const string cron = "30 8 1 * *";

        await page.GetByRole(AriaRole.Link, new() { Name = "New webhook" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync("Billing");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}/billing");
        await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await page.GetByLabel("Cron expression").FillAsync(cron);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Germany" }).CheckAsync();
        await page.GetByLabel("On a day off").SelectOptionAsync("nextBusinessDay");

        var expected = await ApiAsync(token, HttpMethod.Get,
            $"/api/v1/schedules/preview?cronExpression={Uri.EscapeDataString(cron)}&timezone=Europe/Berlin&count=10&calendarIds={calendarId}&onHoliday=nextBusinessDay");
        var utc = expected.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("utc").GetString()).ToArray();
        var rows = page.Locator("table.preview tbody tr");
        await Expect(rows.First).ToHaveAttributeAsync("data-utc", utc[0]!);
        Assert.That(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.utc)"), Is.EqualTo(utc));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing" })).ToBeVisibleAsync();
        await Expect(page.Locator("#holidays")).ToContainTextAsync("next business day");
        var stored = (await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks")).GetProperty("items")[0];
        Assert.That(stored.GetProperty("calendarIds").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { calendarId }));
        Assert.That(stored.GetProperty("onHoliday").GetString(), Is.EqualTo("nextBusinessDay"));
    }
}
