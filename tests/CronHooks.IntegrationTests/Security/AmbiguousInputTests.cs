using System.Net;
using System.Text;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Security;

/// <summary>Input that parsers read in more than one way, or that overflows arithmetic: a 400, never a 500.</summary>
public sealed class AmbiguousInputTests : ApiTest
{
    private const string Duplicated = """{"name":"a","name":"b","url":"https://example.com/hook","scheduleType":"recurring","cronExpression":"0 9 * * *"}""";

    private static StringContent Json(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    [Test]
    public async Task CreateWebhook_WhenJsonHasDuplicateKeys_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsync("/api/v1/webhooks", Json(Duplicated));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "name");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task PatchWebhook_WhenJsonHasDuplicateKeys_ReturnsValidationProblemAndChangesNothing()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}", Json("""{"name":"a","name":"b"}""", "application/merge-patch+json"));

        // The merge patch is read as a whole document before any field is known, so the error is the body's.
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
        Assert.That(problem.GetProperty("errors").GetProperty("body").ToString(), Does.Contain("'name'"));
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT name FROM webhooks"), Is.EqualTo(created.GetProperty("name").GetString()));
    }

    [TestCase("/api/v1/webhooks?page=2147483647")]
    [TestCase("/api/v1/webhooks?page=21474837&pageSize=100")]
    public async Task ListWebhooks_WhenPageIsHuge_ReturnsValidationProblem(string path)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync(path);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "page");
    }

    [Test]
    public async Task ListExecutions_WhenPageIsHuge_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        var response = await client.GetAsync($"/api/v1/webhooks/{created.Id()}/executions?page=2147483647&pageSize=100");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "page");
    }
}
