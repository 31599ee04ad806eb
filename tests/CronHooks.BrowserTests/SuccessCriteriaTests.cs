using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>The form's "Success criteria" and "Retry on" fields, and the execution page's account of a failed check.</summary>
public sealed class SuccessCriteriaTests : DashboardTest
{
    [Test]
    public async Task EditWebhook_WhenSuccessCriteriaAreSetAndAnAnswerFailsThem_ShowsWhichCheckFailedOnTheAttempt()
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Judged export");
        var id = webhook.GetProperty("id").GetString();
        var page = await NewPageAsync();
        await LogInAsync(page, username);
        await page.GotoAsync($"/#/webhooks/{id}/edit");

        // The receiver answers {"received":true}: expecting false makes the answer a failure.
        await page.GetByLabel("Accepted status codes").FillAsync("2xx, 404");
        await page.GetByLabel("JSON pointer").FillAsync("/received");
        await page.GetByLabel("Equals (JSON)").FillAsync("false");
        await page.GetByLabel("Failures retried").FillAsync("timeout, 5xx");
        await page.GetByLabel("No retry later than (seconds after the occurrence)").FillAsync("600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Judged export", Exact = true })).ToBeVisibleAsync();

        var stored = await ApiAsync(token, HttpMethod.Get, $"/api/v1/webhooks/{id}");
        Assert.That(stored.GetProperty("successCriteria").GetProperty("statusCodes").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "2xx", "404" }));
        Assert.That(stored.GetProperty("successCriteria").GetProperty("equals").GetBoolean(), Is.False);
        Assert.That(stored.GetProperty("retryOn").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "timeout", "5xx" }));
        Assert.That(stored.GetProperty("maxRetryAgeSeconds").GetInt32(), Is.EqualTo(600));

        await Expect(page.Locator("#success-criteria")).ToHaveTextAsync("status 2xx, 404 · /received = false");
        await Expect(page.Locator("#retry-on")).ToHaveTextAsync("timeout, 5xx; none later than 600 s after the occurrence");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        var row = page.Locator("#history tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Link, new() { Name = "Details" }).ClickAsync();
        await Expect(page.Locator("#assertion")).ToContainTextAsync("successCriteria.equals: the value at \"/received\" is true, not false.");
        await Expect(page.Locator("#response-code")).ToHaveTextAsync("200");
        await ScreenshotAsync(page, "execution-assertion");

        // The form shows what is stored, and an invalid item is named beside its field.
        await page.GotoAsync($"/#/webhooks/{id}/edit");
        await Expect(page.GetByLabel("Equals (JSON)")).ToHaveValueAsync("false");
        await Expect(page.GetByLabel("Failures retried")).ToHaveValueAsync("timeout, 5xx");
        await page.GetByLabel("Accepted status codes").FillAsync("2xx, 6xx");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.Locator("[id='f-successCriteria.statusCodes-error']")).ToContainTextAsync("6xx");
    }
}
