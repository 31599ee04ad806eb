using CronHooks.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CronHooks.EndToEndTests;

// In the root namespace: NUnit applies a SetUpFixture to the tests of its namespace and below.
/// <summary>Once per run: the test database, then one API host on it.</summary>
[SetUpFixture]
public sealed class TestHost
{
    public static ApiHost Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestDatabase.CreateAsync();
        Api = new ApiHost();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Api.DisposeAsync();
}

/// <summary>The real API pipeline, unchanged, on the test database.</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CronHooks", TestDatabase.ConnectionString);
        builder.UseSetting("Jwt:SigningKey", "end-to-end-tests-signing-key-0123456789abcdef");
        builder.UseSetting("Secrets:ActiveKeyId", "e2e");
        builder.UseSetting("Secrets:Keys:e2e", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("end-to-end-secrets-key-0123456789")[..32]));
        builder.UseSetting("RateLimits:AuthPerIpPerMinute", "100000");
        builder.UseSetting("RateLimits:FailedAuthPerIpPerMinute", "100000");
    }
}
