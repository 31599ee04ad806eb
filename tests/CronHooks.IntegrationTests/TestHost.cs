using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests;

// In the root namespace: NUnit applies a SetUpFixture to the tests of its namespace and below.
/// <summary>Once per run: the test database, then one API host on it.</summary>
[SetUpFixture]
public sealed class TestHost
{
    public static ApiFactory Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        Api = new ApiFactory();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Api.DisposeAsync();
}
