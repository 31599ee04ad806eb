using CronHooks.BrowserTests;
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

    public static Uri ApiAddress => api!.Address;

    /// <summary>Answers every call with 200 and remembers what it got.</summary>
    public static WireMockServer Receiver { get; private set; } = null!;

    public static string ServiceOutput => $"--- API ---\n{api?.Output}\n--- scheduler ---\n{scheduler?.Output}";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        Receiver = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        Receiver.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        (api, scheduler) = await ServiceProcesses.StartAsync(TestDatabase.ConnectionString);
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
