using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Infrastructure.Persistence;
using CronHooks.IntegrationTests.Host;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>A webhook's <c>alert</c> setting through create, get, replace and merge patch, and what is refused.</summary>
public sealed class AlertSettingTests : ApiTest
{
    private const string SlackUrl = "https://hooks.slack.com/services/T000/B000/s3cretXXXX";

    /// <summary>How the API shows it: the origin, then the mask of the rest.</summary>
    private const string SlackMask = "https://hooks.slack.com/****XXXX";

    private static async Task<string?> RevealAlertUrlAsync(Guid id)
    {
        using var scope = Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        var webhook = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
        return scope.ServiceProvider.GetRequiredService<ISecretProtector>().RevealAlertUrl(webhook);
    }

    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");

    private static Dictionary<string, object?> WithAlert(object? alert) => WebhookRequests.Recurring().With("alert", alert);

    [Test]
    public async Task CreateWebhook_WithAlertUrl_StoresItEncryptedWithTheDefaultThresholdAndShowsItMasked()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WithAlert(new { url = SlackUrl }));

        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("alert").GetProperty("url").GetString(), Is.EqualTo(SlackMask));
            Assert.That(read.GetProperty("alert").GetProperty("url").GetString(), Is.EqualTo(SlackMask));
            Assert.That(read.GetProperty("alert").GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(3));
        });
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT alert_url FROM webhooks"), Does.Not.Contain("services").And.Not.Contain("s3cret"));
        Assert.That(await RevealAlertUrlAsync(Guid.Parse(created.Id())), Is.EqualTo(SlackUrl));
    }

    [Test]
    public async Task CreateWebhook_WithoutAlert_ShowsAlertAsNull()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        Assert.That(created.GetProperty("alert").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("not a url", "alert.url")]
    [TestCase("ftp://example.com/alerts", "alert.url")]
    [TestCase("", "alert.url")]
    public async Task CreateWebhook_WhenAlertUrlIsInvalid_ReturnsValidationProblemForAlertUrl(string url, string field)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WithAlert(new { url }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [TestCase("http://10.0.0.1/alerts")]
    [TestCase("http://169.254.169.254/latest/meta-data/")]
    [TestCase("http://localhost:8080/alerts")]
    public async Task CreateWebhook_WhenAlertUrlPointsInside_IsRefusedLikeTheWebhookUrl(string url)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WithAlert(new { url }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "alert.url");
        Assert.That(problem.GetProperty("errors").GetProperty("alert.url").ToString(), Does.Contain("localhost").Or.Contain("private or reserved"));
    }

    [TestCase(0)]
    [TestCase(1001)]
    [TestCase(-3)]
    public async Task CreateWebhook_WhenConsecutiveFailuresIsOutOfRange_ReturnsValidationProblem(int n)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WithAlert(new { url = SlackUrl, consecutiveFailures = n }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "alert.consecutiveFailures");
    }

    [Test]
    public async Task PatchWebhook_AlertMembers_MergeIntoTheSettingAndNullRemovesIt()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithAlert(new { url = SlackUrl }));

        var merged = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"alert":{"consecutiveFailures":5}}"""));
        Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());
        var alert = (await ReadJsonAsync(merged)).GetProperty("alert");
        Assert.That((alert.GetProperty("url").GetString(), alert.GetProperty("consecutiveFailures").GetInt32()), Is.EqualTo((SlackMask, 5)));
        Assert.That(await RevealAlertUrlAsync(Guid.Parse(created.Id())), Is.EqualTo(SlackUrl), "the masked URL in the patched document kept it");

        var removed = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"alert":null}"""));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await removed.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(removed)).GetProperty("alert").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks WHERE alert_url IS NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task PatchWebhook_WhenAlertIsAddedWithoutUrl_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", MergePatch("""{"alert":{"consecutiveFailures":5}}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "alert.url");
    }

    [Test]
    public async Task UpdateWebhook_WithoutAlert_RemovesIt()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithAlert(new { url = SlackUrl, consecutiveFailures = 2 }));

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WebhookRequests.Recurring());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(response)).GetProperty("alert").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task UpdateWebhook_WhenAlertUrlIsTheMask_KeepsTheStoredUrl()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithAlert(new { url = SlackUrl }));

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WithAlert(new { url = SlackMask }).With("name", "Renamed"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await RevealAlertUrlAsync(Guid.Parse(created.Id())), Is.EqualTo(SlackUrl));
    }

    [TestCase("https://attacker.example/****XXXX")]
    [TestCase("https://hooks.slack.com/****YYYY")]
    public async Task UpdateWebhook_WhenAlertUrlIsAMaskOfAnotherUrl_ReturnsValidationProblemAndKeepsTheStoredOne(string url)
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithAlert(new { url = SlackUrl }));

        var response = await client.PutAsJsonAsync($"/api/v1/webhooks/{created.Id()}", WithAlert(new { url }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "alert.url");
        Assert.That(await RevealAlertUrlAsync(Guid.Parse(created.Id())), Is.EqualTo(SlackUrl));
    }

    [Test]
    public async Task Migrate_WhenAnAlertUrlIsStoredInPlaintext_EncryptsItAndKeepsItWorking()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var id = Guid.Parse(created.Id());
        // A row as the previous version stored it.
        await TestDatabase.ScalarAsync<int>("UPDATE webhooks SET alert_url = $1 WHERE id = $2 RETURNING 1", SlackUrl, id);
        Assert.That((await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"))).GetProperty("alert").GetProperty("url").GetString(),
            Is.EqualTo(SlackMask), "readable, and masked, before the upgrade finishes");

        await DatabaseMigrator.MigrateAsync(Api.Services);
        await DatabaseMigrator.MigrateAsync(Api.Services);

        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT alert_url FROM webhooks"), Does.StartWith("v1.").And.Not.Contain("s3cret"));
        Assert.That(await RevealAlertUrlAsync(id), Is.EqualTo(SlackUrl), "encrypted once, for this webhook");
    }
}
