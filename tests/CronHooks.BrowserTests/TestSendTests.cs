using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The form's "Send test": the receiver's answer on the page, nothing saved or recorded.</summary>
public sealed class TestSendTests : DashboardTest
{
    private static IEnumerable<WireMock.Logging.ILogEntry> ReceivedAt(string path) =>
        BrowserTestHost.Receiver.LogEntries.Where(e => e.RequestMessage!.Path == path);

    [Test]
    public async Task SendTest_OnANewWebhook_ShowsTheReceiversAnswerAndSavesNothing()
    {
        var (username, token) = await RegisterAsync();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync("/#/webhooks/new");
        var path = $"/try/{username}";

        await page.GetByLabel("Name").FillAsync("Try it first");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true }).FillAsync($"{BrowserTestHost.Receiver.Url}{path}");
        await page.GetByLabel("Cron expression").FillAsync("0 9 * * 1-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();

        var result = page.Locator("#test-result");
        await Expect(result.Locator("[data-verdict='success']")).ToHaveTextAsync("Success");
        await Expect(result).ToContainTextAsync("HTTP 200");
        await Expect(result).ToContainTextAsync("{\"received\":true}");
        Assert.That(ReceivedAt(path).Single().RequestMessage!.Headers!["CronHooks-Test"].Single(), Is.EqualTo("true"));
        var webhooks = await ApiAsync(token, HttpMethod.Get, "/api/v1/webhooks");
        Assert.That(webhooks.GetProperty("items").GetArrayLength(), Is.Zero, "a test send saves nothing");
    }

    [Test]
    public async Task SendTest_OnAnUnchangedSavedWebhook_SendsItWithItsStoredHeaderValues()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, $"Saved {username}");
        var path = $"/hooks/Saved-{username}";
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{webhook.GetProperty("id").GetGuid()}/edit");
        await Expect(page.GetByLabel("Headers")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^Authorization: \*\*\*\*"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();

        await Expect(page.Locator("#test-result [data-verdict='success']")).ToBeVisibleAsync();
        Assert.That(ReceivedAt(path).Single().RequestMessage!.Headers!["Authorization"].Single(), Is.EqualTo("Bearer receiver-secret-token"),
            "the saved webhook goes out with its stored value, which the page only ever showed masked");
        await Expect(page.Locator("#test-result")).Not.ToContainTextAsync("receiver-secret-token");
        var history = await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{webhook.GetProperty("id").GetGuid()}/executions");
        Assert.That(history.GetProperty("items").GetArrayLength(), Is.Zero, "a test send is not an attempt");
    }
}
