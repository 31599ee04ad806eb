using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

public sealed class AuthPagesTests : DashboardTest
{
    [Test]
    public async Task Register_WhenNewUserSignsUp_LandsOnEmptyListAndCanLogInAgain()
    {
        var page = await NewPageAsync();
        var username = "new" + Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).First.ClickAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Email").FillAsync($"{username}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("No webhooks yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("wrong password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();

        await LogInAsync(page, username);
    }
}
