using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class AdminPagesTests : DashboardTest
{
    [Test]
    public async Task AdminPages_ShownOnlyToAdmins_PauseAWebhookTheOwnerSeesDisableAUserAndFilterTheAuditLog()
    {
        var (adminName, _) = await RegisterAsync();
        // What `CronHooks.Api.dll admin grant` writes (its own test runs the command).
        await TestDatabase.ScalarAsync<int>("UPDATE users SET role = 'Admin' WHERE username = $1", adminName);
        var (ownerName, ownerToken) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(ownerToken, "Noisy report");
        var webhookId = webhook.GetProperty("id").GetString();
        var calendar = await ApiAsync(ownerToken, HttpMethod.Post, "/api/v1/calendars", new { name = "Office days off", dates = new[] { "2026-12-24" } });
        var calendarId = calendar.GetProperty("id").GetString();

        var ownerPage = await NewPageAsync();
        await LogInAsync(ownerPage, ownerName);
        await Expect(ownerPage.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);

        var page = await NewPageAsync();
        await LogInAsync(page, adminName);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admin · Users" })).ToBeVisibleAsync();
        await page.GetByLabel("Username or email").FillAsync(ownerName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var user = page.Locator($"tr[data-username='{ownerName}']");
        await Expect(user).ToContainTextAsync("Enabled");
        await Expect(page.Locator("table.admin-users tbody tr")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).Last.ClickAsync();
        var row = page.Locator($"tr[data-id='{webhookId}']");
        await row.GetByText("Pause…").ClickAsync();
        await row.GetByLabel("Note to the owner").FillAsync("Floods its receiver, write to ops");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(row.Locator(".webhook-state")).ToContainTextAsync("Paused by admin: Floods its receiver");

        await ownerPage.GotoAsync($"/#/webhooks/{webhookId}");
        await Expect(ownerPage.Locator("#pause-note")).ToContainTextAsync("Floods its receiver, write to ops");
        await Expect(ownerPage.Locator("#pause-note")).ToContainTextAsync("Only an administrator can resume it");

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator($"tr[data-username='{ownerName}']").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.Locator($"tr[data-username='{ownerName}'] .user-state")).ToContainTextAsync("Disabled");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.Locator("table.admin-audit tbody tr").First).ToContainTextAsync("DisableUser");
        await page.Locator("select[name=entityType]").SelectOptionAsync("calendar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("table.admin-audit tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.admin-audit tbody tr").First).ToContainTextAsync("CreateCalendar");
        await Expect(page.Locator("table.admin-audit tbody tr").First).ToContainTextAsync($"calendar {calendarId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cluster" }).ClickAsync();
        await Expect(page.Locator("table.admin-nodes")).ToContainTextAsync("Live");
        await ScreenshotAsync(page, "admin-cluster");

        // The richest section (a table of forms and buttons); the others are built from the same parts.
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admin · Users" })).ToBeVisibleAsync();
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.That(serious, Is.Empty, "axe on #/admin/users");
    }
}
