using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class ApiKeysPageTests : DashboardTest
{
    [Test]
    public async Task ApiKeysPage_CreatesAReadKeyWithExpiryShowsItOnceListsLastUseAndRevokesIt()
    {
        var (username, _) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);

        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("reporting");
        await page.GetByLabel("Scope").SelectOptionAsync("read");
        await page.GetByLabel("Expires").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var key = await page.Locator("#new-key-value").TextContentAsync();
        Assert.That(key, Does.StartWith("chk_"));
        var row = page.Locator("tbody tr").Filter(new() { HasText = "reporting" });
        await Expect(row).ToContainTextAsync("read");
        await Expect(row.Locator(".last-used")).ToHaveTextAsync("Never");

        using var machine = new HttpRequestMessage(HttpMethod.Get, Api("/api/v1/auth/me"));
        machine.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.That((await Http.SendAsync(machine)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await page.ReloadAsync();
        await Expect(row.Locator(".last-used")).Not.ToHaveTextAsync("Never");
        await Expect(page.Locator("#new-key-value")).ToHaveCountAsync(0);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke reporting" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
    }
}
