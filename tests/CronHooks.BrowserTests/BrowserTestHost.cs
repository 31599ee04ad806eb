using Microsoft.Playwright;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.BrowserTests;

// In the root namespace: NUnit applies a SetUpFixture to the tests of its namespace and below.
/// <summary>
/// Once per run: a fresh database, a loopback receiver, the API and one scheduler node as real processes,
/// and one headless Chromium shared by all tests (each test gets its own browser context).
/// </summary>
[SetUpFixture]
public sealed class BrowserTestHost
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static ServiceProcess? api;
    private static ServiceProcess? scheduler;
    private static IPlaywright? playwright;

    public static IBrowser Browser { get; private set; } = null!;

    public static Uri ApiAddress => api!.Address;

    /// <summary>Answers every call with 200 and a small JSON body, and remembers what it got.</summary>
    public static WireMockServer Receiver { get; private set; } = null!;

    public static string ServiceOutput => $"--- API ---\n{api?.Output}\n--- scheduler ---\n{scheduler?.Output}";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
        await TestDatabase.CreateAsync();

        Receiver = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        Receiver.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"received\":true}"));

        (api, scheduler) = await ServiceProcesses.StartAsync(TestDatabase.ConnectionString);

        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No sandbox (tests run as root in containers); no background traffic: the only network is loopback.
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        playwright?.Dispose();
        if (scheduler is not null)
            await scheduler.DisposeAsync();
        if (api is not null)
            await api.DisposeAsync();
        Receiver?.Dispose();
    }
}
