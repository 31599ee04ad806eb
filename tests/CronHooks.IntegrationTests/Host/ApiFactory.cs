using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CronHooks.Application.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CronHooks.IntegrationTests.Host;

/// <summary>The real API pipeline on the test database, with a clock the tests control.</summary>
public sealed class ApiFactory : ApiHostFactory<Program>
{
    public const string SigningKey = TestSecrets.JwtSigningKey;

    /// <summary>The key that encrypts header values and signing secrets in the test database.</summary>
    public const string SecretsKey = TestSecrets.SecretsKey;

    public static readonly JsonSerializerOptions Json = CronHooksJson.Options;

    /// <summary>
    /// The API's clock for the current test; <see cref="ResetClock"/> starts a new one at the real time
    /// (to the second), so tokens issued with it validate against the bearer handler's real clock.
    /// </summary>
    public FakeTimeProvider Clock { get; private set; } = NewClock();

    public void ResetClock() => Clock = NewClock();

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new CurrentTestClock(() => Clock));
        });
    }

    /// <summary>Registers a new user and returns a client that sends their bearer token.</summary>
    public Task<HttpClient> CreateUserClientAsync(string? username = null) => CreateUserClientAsync(this, username);

    /// <summary>The same on another host, e.g. one made with <c>WithWebHostBuilder</c> to set other limits.</summary>
    public static async Task<HttpClient> CreateUserClientAsync(WebApplicationFactory<Program> host, string? username = null)
    {
        username ??= "user" + Guid.NewGuid().ToString("N")[..10];
        var client = host.CreateClient();
        var register = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { username, email = $"{username}@example.com", password = "correct horse battery" });
        register.EnsureSuccessStatusCode();
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "correct horse battery" });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

/// <summary>Lets the host's singleton clock follow whichever fake clock the current test uses.</summary>
internal sealed class CurrentTestClock(Func<TimeProvider> current) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => current().GetUtcNow();
    public override long GetTimestamp() => current().GetTimestamp();
    public override long TimestampFrequency => current().TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => current().LocalTimeZone;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        current().CreateTimer(callback, state, dueTime, period);
}
