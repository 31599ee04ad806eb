using CronHooks.BrowserTests;
using CronHooks.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.CliTests;

// In the root namespace: NUnit applies a SetUpFixture to the tests of its namespace and below.
/// <summary>Once per run: a fresh database, a loopback receiver, and the API and one scheduler node as real processes.</summary>
[SetUpFixture]
public sealed class CliTestHost
{
    private static ServiceProcess? api;
    private static ServiceProcess? scheduler;

    public static Uri ApiAddress => api!.BaseAddress;

    /// <summary>Answers every call with 200 and remembers what it got.</summary>
    public static WireMockServer Receiver { get; private set; } = null!;

    public static string ServiceOutput => $"--- API ---\n{api?.Output}\n--- scheduler ---\n{scheduler?.Output}";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        Receiver = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        Receiver.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:CronHooks"] = TestDatabase.ConnectionString,
            ["Jwt:SigningKey"] = "cli-tests-signing-key-0123456789abcdef-0123456789",
            ["Secrets:ActiveKeyId"] = "cli",
            ["Secrets:Keys:cli"] = Convert.ToBase64String("cli-tests-secrets-key-0123456789"u8.ToArray()),
            ["RateLimits:AuthPerIpPerMinute"] = "100000",
            ["RateLimits:FailedAuthPerIpPerMinute"] = "100000",
            // The receiver listens on loopback, which deliveries may not reach unless allowed.
            ["Delivery:AllowedNetworks:0"] = "127.0.0.1/32",
            ["Delivery:AllowPrivateNetworksInProduction"] = "true",
        };
        api = ServiceProcess.Start("CronHooks.Api", settings);
        scheduler = ServiceProcess.Start("CronHooks.Scheduler", settings);
        await Task.WhenAll(api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), scheduler.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (scheduler is not null)
            await scheduler.DisposeAsync();
        if (api is not null)
            await api.DisposeAsync();
        Receiver?.Stop();
        Receiver?.Dispose();
    }
}
