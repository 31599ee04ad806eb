namespace CronHooks.EndToEndTests;

// In the root namespace: NUnit applies a SetUpFixture to the tests of its namespace and below.
/// <summary>Once per run: the test database, then one API host on it (the real pipeline, unchanged).</summary>
[SetUpFixture]
public sealed class TestHost
{
    public static ApiHostFactory<Program> Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        Api = new ApiHostFactory<Program>();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Api.DisposeAsync();
}
