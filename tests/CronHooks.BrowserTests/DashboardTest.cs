using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace CronHooks.BrowserTests;

/// <summary>
/// A fresh browser context per test (its own sessionStorage, so its own login), in a fixed time zone
/// that differs from the webhooks' zone, so "your zone" and "the webhook's zone" are both exercised.
/// </summary>
public abstract class DashboardTest
{
    public const string BrowserZone = "America/New_York";

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<string> pageErrors = [];

    protected static HttpClient Http { get; } = new();

    protected async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await BrowserTestHost.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BrowserTestHost.ApiAddress.ToString(),
            TimezoneId = BrowserZone,
            Locale = "en-US",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(15_000);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        // A script error on a page is a failed test, even when the page still looks right.
        page.PageError += (_, error) => pageErrors.Add(error);
        return page;
    }

    [TearDown]
    public async Task CloseContextsAsync()
    {
        foreach (var context in contexts)
            await context.CloseAsync();
        contexts.Clear();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            TestContext.Out.WriteLine(BrowserTestHost.ServiceOutput[^Math.Min(BrowserTestHost.ServiceOutput.Length, 8000)..]);
        Assert.That(pageErrors, Is.Empty, "JavaScript errors on the page");
        pageErrors.Clear();
    }

    protected static Uri Api(string path) => new(BrowserTestHost.ApiAddress, path);

    /// <summary>Registers a user through the API and returns its bearer token.</summary>
    protected static async Task<(string Username, string Token)> RegisterAsync()
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..10];
        (await Http.PostAsJsonAsync(Api("/api/v1/auth/register"), new { username, email = $"{username}@example.com", password = Password })).EnsureSuccessStatusCode();
        var token = await (await Http.PostAsJsonAsync(Api("/api/v1/auth/token"), new { username, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        return (username, token.GetProperty("accessToken").GetString()!);
    }

    protected const string Password = "correct horse battery";

    /// <summary>Logs in through the login page, as a person would.</summary>
    protected static async Task LogInAsync(IPage page, string username)
    {
        await page.GotoAsync("/#/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Exact = true })).ToBeVisibleAsync();
    }

    protected static async Task<JsonElement> ApiAsync(string token, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Api(path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A recurring webhook aimed at the test receiver, created through the API.</summary>
    protected static async Task<JsonElement> CreateWebhookAsync(string token, string name, string cron = "0 9 * * 1-5", string timezone = "Europe/Berlin") =>
        await ApiAsync(token, HttpMethod.Post, "/api/v1/webhooks", new
        {
            name,
            url = $"{BrowserTestHost.Receiver.Url}/hooks/{name.Replace(' ', '-')}",
            scheduleType = "recurring",
            cronExpression = cron,
            timezone,
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer receiver-secret-token" },
            payload = new { report = name },
        });

    /// <summary>Writes a screenshot for the README into docs/images/.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "docs", "images");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = fullPage });
    }
}
