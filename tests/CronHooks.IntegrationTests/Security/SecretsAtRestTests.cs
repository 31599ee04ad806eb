using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Infrastructure.Persistence;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CronHooks.IntegrationTests.Security;

public sealed class SecretsAtRestTests : ApiTest
{
    private const string HeaderSecret = "Bearer hdr-secret-98765-XYZW";

    private static Dictionary<string, object?> WithSecretHeader() =>
        WebhookRequests.Recurring().With("headers", new Dictionary<string, string> { ["Authorization"] = HeaderSecret, ["X-Short"] = "abc" });

    private static async Task<(Dictionary<string, string> Headers, List<string> SigningSecrets)> RevealAsync(Guid id, DateTimeOffset now)
    {
        using var scope = Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        var webhook = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
        var secrets = scope.ServiceProvider.GetRequiredService<ISecretProtector>().RevealForDelivery(webhook, now);
        return (new Dictionary<string, string>(secrets.Headers), [.. secrets.SigningSecrets]);
    }

    [Test]
    public async Task CreateWebhook_StoresHeaderValuesAndSigningSecretEncryptedAndShowsThemMasked()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var headers = created.GetProperty("headers");
        Assert.That(headers.GetProperty("Authorization").GetString(), Is.EqualTo("****XYZW"));
        Assert.That(headers.GetProperty("X-Short").GetString(), Is.EqualTo("****"));
        var signingSecret = created.GetProperty("signingSecret").GetString()!;
        var row = await TestDatabase.ScalarAsync<string>("SELECT headers::text || ' ' || signing_secret FROM webhooks");
        Assert.That(row, Does.Not.Contain("hdr-secret"));
        Assert.That(row, Does.Not.Contain(signingSecret[6..]));
        Assert.That(row, Does.Contain("Authorization"), "names stay readable, values do not");
        var (revealed, signing) = await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow());
        Assert.That(revealed["Authorization"], Is.EqualTo(HeaderSecret));
        Assert.That(signing, Is.EqualTo(new[] { signingSecret }));
    }

    [Test]
    public async Task GetWebhook_ShowsMaskedValuesAndNeverTheSigningSecret()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var body = await client.GetStringAsync($"/api/v1/webhooks/{created.Id()}");
        var list = await client.GetStringAsync("/api/v1/webhooks");

        Assert.That(body + list, Does.Not.Contain("hdr-secret"));
        Assert.That(body + list, Does.Not.Contain(created.GetProperty("signingSecret").GetString()));
        Assert.That(body, Does.Contain("****XYZW"));
    }

    [Test]
    public async Task UpdateWebhook_WhenValueIsTheMaskOrNull_KeepsTheStoredValue()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring().With("name", "Renamed")
            .With("headers", new Dictionary<string, string?> { ["Authorization"] = "****XYZW", ["X-Short"] = null, ["X-New"] = "fresh-value-0001" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var (revealed, _) = await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow());
        Assert.That(revealed, Is.EqualTo(new Dictionary<string, string>
        {
            ["Authorization"] = HeaderSecret, ["X-Short"] = "abc", ["X-New"] = "fresh-value-0001",
        }));
    }

    [TestCase("https://attacker.example/collect")]
    [TestCase("http://example.com/hooks/report")]
    [TestCase("https://example.com:8443/hooks/report")]
    public async Task PatchWebhook_WhenUrlMovesToAnotherOriginAndHeadersAreKept_ReturnsValidationProblemNamingThemAndChangesNothing(string url)
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());
        var before = await TestDatabase.ScalarAsync<string>("SELECT url || headers::text FROM webhooks");

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent($$"""{"url":"{{url}}"}""", Encoding.UTF8, "application/merge-patch+json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "headers");
        Assert.That(problem.GetProperty("errors").GetProperty("headers").ToString(), Does.Contain("'Authorization'").And.Contain("'X-Short'"));
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT url || headers::text FROM webhooks"), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateWebhook_WhenUrlMovesToAnotherOriginWithNullOrMask_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring().With("url", "https://attacker.example/")
            .With("headers", new Dictionary<string, string?> { ["Authorization"] = "****XYZW", ["X-Short"] = null }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "headers");
    }

    [Test]
    public async Task UpdateWebhook_WhenUrlMovesToAnotherOriginWithValuesGivenAgain_StoresThem()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring().With("url", "https://other.example/")
            .With("headers", new Dictionary<string, string?> { ["Authorization"] = "Bearer for-the-new-host" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var (revealed, _) = await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow());
        Assert.That(revealed, Is.EqualTo(new Dictionary<string, string> { ["Authorization"] = "Bearer for-the-new-host" }));
    }

    [Test]
    public async Task PatchWebhook_WhenUrlPathChangesOnTheSameOrigin_KeepsTheStoredValues()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"url":"https://EXAMPLE.com:443/hooks/other?x=1"}""", Encoding.UTF8, "application/merge-patch+json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow())).Headers["Authorization"], Is.EqualTo(HeaderSecret));
    }

    [Test]
    public async Task UpdateWebhook_WhenValueGiven_ReplacesItAndOmittedHeadersAreRemoved()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string> { ["Authorization"] = "Bearer rotated-token-0002" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (revealed, _) = await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow());
        Assert.That(revealed, Is.EqualTo(new Dictionary<string, string> { ["Authorization"] = "Bearer rotated-token-0002" }));
    }

    [Test]
    public async Task UpdateWebhook_WhenNullValueForAHeaderNotStored_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string?> { ["X-Unknown"] = null }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "headers");
    }

    [Test]
    public async Task PatchWebhook_WhenHeadersUntouched_KeepsTheirValues()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithSecretHeader());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"name":"Renamed","headers":{"X-Added":"added-value-0003"}}""", Encoding.UTF8, "application/merge-patch+json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var (revealed, _) = await RevealAsync(Guid.Parse(created.Id()), Api.Clock.GetUtcNow());
        Assert.That(revealed, Is.EqualTo(new Dictionary<string, string>
        {
            ["Authorization"] = HeaderSecret, ["X-Short"] = "abc", ["X-Added"] = "added-value-0003",
        }));
    }

    [Test]
    public async Task StoredHeaderValue_WhenCopiedIntoAnotherWebhookRow_DoesNotDecrypt()
    {
        var client = await Api.CreateUserClientAsync();
        var source = await client.CreateWebhookAsync(WithSecretHeader());
        var target = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        await TestDatabase.ScalarAsync<int>("UPDATE webhooks SET headers = (SELECT headers FROM webhooks WHERE id = $1) WHERE id = $2 RETURNING 1",
            Guid.Parse(source.Id()), Guid.Parse(target.Id()));

        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => RevealAsync(Guid.Parse(target.Id()), Api.Clock.GetUtcNow()));
        Assert.That((await RevealAsync(Guid.Parse(source.Id()), Api.Clock.GetUtcNow())).Headers["Authorization"], Is.EqualTo(HeaderSecret));
    }

    [Test]
    public async Task RotateSigningSecret_ReturnsANewSecretOnceAndSignsWithBothForTheGracePeriod()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var original = created.GetProperty("signingSecret").GetString()!;
        var id = Guid.Parse(created.Id());

        var response = await client.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rotated = await ReadJsonAsync(response);
        var secret = rotated.GetProperty("signingSecret").GetString()!;
        Assert.That(secret, Does.StartWith("whsec_").And.Not.EqualTo(original));
        Assert.That(Convert.FromBase64String(secret[6..]), Has.Length.EqualTo(32));
        var now = Api.Clock.GetUtcNow();
        Assert.That(rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset(), Is.EqualTo(now.AddHours(24)));
        Assert.That((await RevealAsync(id, now.AddHours(24).AddSeconds(-1))).SigningSecrets, Is.EqualTo(new[] { secret, original }));
        Assert.That((await RevealAsync(id, now.AddHours(24))).SigningSecrets, Is.EqualTo(new[] { secret }));
        var stored = await TestDatabase.ScalarAsync<string>("SELECT signing_secret || ' ' || previous_signing_secret FROM webhooks");
        Assert.That(stored, Does.Not.Contain(secret[6..]).And.Not.Contain(original[6..]));
        Assert.That(await client.GetStringAsync($"/api/v1/webhooks/{id}"), Does.Not.Contain(secret));
    }

    [Test]
    public async Task RotateSigningSecret_WhenAnotherUsersWebhook_ReturnsNotFoundAndChangesNothing()
    {
        var owner = await Api.CreateUserClientAsync();
        var created = await owner.CreateWebhookAsync(WebhookRequests.Recurring());
        var before = await TestDatabase.ScalarAsync<string>("SELECT signing_secret FROM webhooks");
        var other = await Api.CreateUserClientAsync();

        var response = await other.PostAsync($"/api/v1/webhooks/{created.Id()}/rotate-secret", null);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT signing_secret FROM webhooks"), Is.EqualTo(before));
    }

    [Test]
    public async Task Logs_DuringRequestsCarryingSecrets_NeverContainThem()
    {
        var logs = new CapturedLogs();
        await using var host = Api.WithWebHostBuilder(builder =>
        {
            // Everything, down to Trace, from every category: a secret at any level is a leak.
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(logs));
        });
        const string password = "pw-Zebra-7781-secret";
        var client = host.CreateClient();
        var responses = new StringBuilder();
        async Task<HttpResponseMessage> Send(Task<HttpResponseMessage> request)
        {
            var response = await request;
            responses.AppendLine(await response.Content.ReadAsStringAsync());
            return response;
        }

        await Send(client.PostAsJsonAsync("/api/v1/auth/register", new { username = "carol", email = "carol@example.com", password }));
        await Send(client.PostAsJsonAsync("/api/v1/auth/token", new { username = "carol", password = password + "-wrong" }));
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "carol", password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = token.GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var created = await (await client.PostAsJsonAsync("/api/v1/webhooks", WithSecretHeader())).Content.ReadFromJsonAsync<JsonElement>();
        var signingSecret = created.GetProperty("signingSecret").GetString()!;
        await Send(client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring()
            .With("headers", new Dictionary<string, string> { ["X-Bad"] = HeaderSecret + "\r\nX-Injected: 1" })));
        await Send(client.PostAsync("/api/v1/webhooks", new StringContent(
            $$"""{"name":"x","url":"https://example.com","headers":{"Authorization":"{{HeaderSecret}}"},"scheduleType":"recurring","cronExpression":"0 9 * * *","secretField":"{{HeaderSecret}}"}""",
            Encoding.UTF8, "application/json")));
        await Send(client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        await Send(client.PatchAsync($"/api/v1/webhooks/{created.Id()}", new StringContent("""{"name":"Renamed"}""", Encoding.UTF8, "application/merge-patch+json")));
        var rotated = await (await client.PostAsync($"/api/v1/webhooks/{created.Id()}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = (await (await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "ci" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString()!;
        await Send(client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = password, newPassword = password + "-new" }));
        await Send(client.GetAsync("/api/v1/auth/me")); // the old token, now rejected
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        await Send(client.GetAsync("/api/v1/webhooks"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey + "x");
        await Send(client.GetAsync("/api/v1/webhooks"));

        var everything = string.Join("\n", logs.Lines);
        Assert.That(logs.Lines, Has.Count.GreaterThan(50), "the capture must actually see the host's logging");
        Assert.Multiple(() =>
        {
            foreach (var secret in new[] { password, "hdr-secret-98765", signingSecret[6..], rotated.GetProperty("signingSecret").GetString()![6..], accessToken, accessToken.Split('.')[2], apiKey[4..] })
            {
                // Contains(…) is False, not Does.Not.Contain: a failure must not print the logs with the secret in them.
                Assert.That(everything.Contains(secret, StringComparison.Ordinal), Is.False, $"a log line contains a secret ({secret[..4]}…)");
                Assert.That(responses.ToString().Contains(secret, StringComparison.Ordinal), Is.False, $"a response contains a secret ({secret[..4]}…)");
            }
        });
    }
}
