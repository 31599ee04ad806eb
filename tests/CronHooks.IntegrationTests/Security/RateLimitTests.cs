using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Infrastructure;

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
}
