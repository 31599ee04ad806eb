using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CronHooks.IntegrationTests.Security;

/// <summary>Each test runs its own host with small limits, so the main host's tests never meet them.</summary>
public sealed class RateLimitTests : ApiTest
{
    [Test]
    public async Task Api_WhenAUserExceedsTheirRateLimit_ReturnsTooManyRequestsWithRetryAfter()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("RateLimits:PerUserPerMinute", "3"));
        var client = await ApiFactory.CreateUserClientAsync(host);
        var other = await ApiFactory.CreateUserClientAsync(host);
        for (var i = 0; i < 3; i++)
            Assert.That((await client.GetAsync("/api/v1/webhooks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var limited = await client.GetAsync("/api/v1/webhooks");
        var create = await client.PostAsJsonAsync("/api/v1/webhooks", Webhooks.WebhookRequests.Recurring());
        var otherUser = await other.GetAsync("/api/v1/webhooks");

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        await AssertProblemAsync(create, HttpStatusCode.TooManyRequests);
        Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.OK), "each user has their own budget");
        Assert.That(await CronHooks.TestSupport.TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task RegisterAndToken_WhenOneAddressExceedsTheLimit_ReturnTooManyRequestsWithRetryAfter()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("RateLimits:AuthPerIpPerMinute", "3"));
        var client = host.CreateClient();
        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "henry", email = "henry@example.com", password = "correct horse battery" });
        for (var i = 0; i < 2; i++)
            Assert.That((await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "henry", password = "correct horse battery" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var limitedToken = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "henry", password = "correct horse battery" });
        var limitedRegister = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "ivy", email = "ivy@example.com", password = "correct horse battery" });

        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertProblemAsync(limitedToken, HttpStatusCode.TooManyRequests);
        Assert.That(limitedToken.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        await AssertProblemAsync(limitedRegister, HttpStatusCode.TooManyRequests);
        Assert.That(await CronHooks.TestSupport.TestDatabase.ScalarAsync<long>("SELECT count(*) FROM users"), Is.EqualTo(1));
    }

    private const string ProxyAddress = "10.1.2.3";

    /// <summary>A host whose every request arrives from <see cref="ProxyAddress"/>, as behind an ingress.</summary>
    private static WebApplicationFactory<Program> BehindProxy(params (string Key, string Value)[] settings) => BehindProxy(null, settings);

    private static WebApplicationFactory<Program> BehindProxy(CapturedLogs? logs, params (string Key, string Value)[] settings) => Api.WithWebHostBuilder(b =>
    {
        foreach (var (key, value) in settings)
            b.UseSetting(key, value);
        if (logs is not null)
            b.ConfigureLogging(l => l.AddProvider(logs));
        b.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse(ProxyAddress))));
    });

    private static Task<HttpResponseMessage> TokenFromAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { username = "nobody" + Guid.NewGuid().ToString("N")[..8], password = "wrong password" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    [Test]
    public async Task Token_BehindATrustedProxy_LimitsEachClientAddressAndEachIPv6Slash64Separately()
    {
        await using var host = BehindProxy(("RateLimits:AuthPerIpPerMinute", "2"), ("ReverseProxy:TrustedNetworks:0", "10.0.0.0/8"));
        var client = host.CreateClient();
        foreach (var address in new[] { "198.51.100.1", "198.51.100.1", "2001:db8:1:2::1", "2001:db8:1:2::ffff" })
            Assert.That((await TokenFromAsync(client, address)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), address);

        var sameClient = await TokenFromAsync(client, "198.51.100.1");
        var sameSlash64 = await TokenFromAsync(client, "2001:db8:1:2:aaaa::1");
        var otherClient = await TokenFromAsync(client, "198.51.100.2");
        var otherSlash64 = await TokenFromAsync(client, "2001:db8:1:3::1");

        await AssertProblemAsync(sameClient, HttpStatusCode.TooManyRequests);
        await AssertProblemAsync(sameSlash64, HttpStatusCode.TooManyRequests);
        Assert.That(otherClient.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another client behind the same proxy has its own budget");
        Assert.That(otherSlash64.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another /64 has its own budget");
    }

    [Test]
    public async Task Token_WhenTheSenderIsNotATrustedProxy_IgnoresXForwardedFor()
    {
        await using var host = BehindProxy(("RateLimits:AuthPerIpPerMinute", "2"));
        var client = host.CreateClient();
        await TokenFromAsync(client, "198.51.100.1");
        await TokenFromAsync(client, "198.51.100.2");

        var spoofed = await TokenFromAsync(client, "198.51.100.3");

        await AssertProblemAsync(spoofed, HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Api_WhenOneAddressSendsTooManyInvalidCredentials_AnswersTooManyRequestsBeforeCheckingThem()
    {
        using var logs = new CapturedLogs();
        await using var host = BehindProxy(logs, ("RateLimits:FailedAuthPerIpPerMinute", "3"), ("ReverseProxy:TrustedProxies:0", ProxyAddress));
        var valid = await ApiFactory.CreateUserClientAsync(host);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "chk_random-guess-0000000000000000000000000");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        for (var i = 0; i < 3; i++)
            Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        int Rejections() => logs.Lines.Count(l => l.Contains("API key rejected", StringComparison.Ordinal));
        Assert.That(Rejections(), Is.EqualTo(3));
        var limited = await client.GetAsync("/api/v1/auth/me");
        using var withValidToken = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        withValidToken.Headers.Authorization = valid.DefaultRequestHeaders.Authorization;
        withValidToken.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var validToo = await client.SendAsync(withValidToken);
        var otherAddress = await valid.GetAsync("/api/v1/auth/me");

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(Rejections(), Is.EqualTo(3), "refused before the key was looked up (no query, no log line)");
        await AssertProblemAsync(validToo, HttpStatusCode.TooManyRequests);
        Assert.That(otherAddress.StatusCode, Is.EqualTo(HttpStatusCode.OK), "other addresses are not affected");
    }
}

/// <summary>Sets the connection's remote address, as a reverse proxy in front of the API would be seen.</summary>
internal sealed class FromAddress(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
