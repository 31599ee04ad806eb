using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CronHooks.BrowserTests;

/// <summary>axe-core on the main pages, desktop and phone: no serious or critical violations.</summary>
public sealed class AccessibilityTests : DashboardTest
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task MainPages_WhenCheckedWithAxe_HaveNoSeriousViolations(bool phone)
    {
        var (username, token) = await RegisterAsync();
        var webhook = await CreateWebhookAsync(token, "Accessibility check");
        var id = webhook.GetProperty("id").GetString();
        var execution = await ApiAsync(token, HttpMethod.Post, $"/api/v1/webhooks/{id}/trigger");
        var page = await NewPageAsync(phone);
        await CheckAsync(page, "/#/login", "Log in");
        await LogInAsync(page, username);

        await CheckAsync(page, "/#/webhooks", "Webhooks");
        await CheckAsync(page, "/#/webhooks/new", "New webhook");
        await page.GetByLabel("Cron expression").FillAsync("0 12 1 * *");
        await Expect(page.Locator("table.preview tbody tr")).ToHaveCountAsync(10);
        await CheckAsync(page, null, "New webhook");
        await CheckAsync(page, $"/#/webhooks/{id}", "Accessibility check");
        await CheckAsync(page, $"/#/executions/{execution.GetProperty("id").GetString()}", "Attempt #1");
    }

    private static async Task CheckAsync(IPage page, string? url, string heading)
    {
        if (url is not null)
            await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.That(serious, Is.Empty, $"axe on {url ?? page.Url}");
    }
}
