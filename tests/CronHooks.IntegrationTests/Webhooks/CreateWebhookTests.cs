using System.Net;
using System.Net.Http.Json;
using System.Text;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

public sealed class CreateWebhookTests : ApiTest
{
    [Test]
    public async Task CreateWebhook_WhenRecurring_ReturnsCreatedWithLocationDefaultsAndNextRun()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring("0 9 * * *", "Europe/Berlin"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var webhook = await ReadJsonAsync(response);
        var id = webhook.GetProperty("id").GetString();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/webhooks/{id}"));
        Assert.Multiple(() =>
        {
            Assert.That(webhook.GetProperty("httpMethod").GetString(), Is.EqualTo("POST"));
            Assert.That(webhook.GetProperty("scheduleType").GetString(), Is.EqualTo("recurring"));
            Assert.That(webhook.GetProperty("timezone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That(webhook.GetProperty("isActive").GetBoolean(), Is.True);
            Assert.That(webhook.GetProperty("maxRetries").GetInt32(), Is.EqualTo(3));
            Assert.That(webhook.GetProperty("retryDelaySeconds").GetInt32(), Is.EqualTo(60));
            Assert.That(webhook.GetProperty("timeoutSeconds").GetInt32(), Is.EqualTo(30));
            Assert.That(webhook.GetProperty("missedRunPolicy").GetString(), Is.EqualTo("runOnce"));
            Assert.That(webhook.GetProperty("signingSecret").GetString(), Does.StartWith("whsec_"));
        });

        // The next run is 09:00 Berlin time, after now.
        var nextRun = webhook.GetProperty("nextRunAt").GetDateTimeOffset();
        var berlin = TimeZoneInfo.ConvertTime(nextRun, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.That((berlin.Hour, berlin.Minute), Is.EqualTo((9, 0)));
        Assert.That(nextRun, Is.GreaterThan(Api.Clock.GetUtcNow()).And.LessThanOrEqualTo(Api.Clock.GetUtcNow().AddDays(1)));

        // Written with its outbox row in the same transaction, for the scheduler nodes.
        var outbox = await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM schedule_outbox o JOIN webhooks w ON w.schedule_key = o.schedule_key WHERE w.id = $1", Guid.Parse(id!));
        Assert.That(outbox, Is.EqualTo(1));
    }

    [Test]
    public async Task CreateWebhook_WhenOnce_StoresPayloadByteForByte()
    {
        var client = await Api.CreateUserClientAsync();
        var at = Api.Clock.GetUtcNow().AddHours(1);
        const string payload = "{ \"b\" : 1,\n  \"a\":[1.50, true] ,\"u\":\"\\u00e9\"}";
        var body = $$"""{"name":"exact","url":"https://example.com/x","scheduleType":"once","scheduledAt":"{{at:yyyy-MM-ddTHH:mm:ssZ}}","payload":{{payload}}}""";

        var response = await client.PostAsync("/api/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(response)).GetProperty("id").GetGuid();
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT payload FROM webhooks WHERE id = $1", id), Is.EqualTo(payload));
    }

    [Test]
    public async Task CreateWebhook_WhenOnceWithLocalTime_ReadsItInTheTimeZone()
    {
        var client = await Api.CreateUserClientAsync();
        var year = Api.Clock.GetUtcNow().Year + 1;

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Once(default)
            .With("scheduledAt", $"{year}-07-01T09:30:00").With("timezone", "America/New_York"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var scheduledAt = (await ReadJsonAsync(response)).GetProperty("scheduledAt").GetDateTimeOffset();
        Assert.That(scheduledAt.UtcDateTime, Is.EqualTo(new DateTime(year, 7, 1, 13, 30, 0, DateTimeKind.Utc)));
    }

    [Test]
    public async Task CreateWebhook_WhenLocalTimeSkippedByDaylightSaving_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();
        var year = Api.Clock.GetUtcNow().Year + 1;
        var springForward = Enumerable.Range(8, 7).Select(d => new DateTime(year, 3, d)).First(d => d.DayOfWeek == DayOfWeek.Sunday);

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Once(default)
            .With("scheduledAt", $"{springForward:yyyy-MM-dd}T02:30:00").With("timezone", "America/New_York"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "scheduledAt");
        Assert.That(problem.GetProperty("errors").GetProperty("scheduledAt")[0].GetString(), Does.Contain("does not exist"));
    }

    [TestCase("cronExpression", "not a cron")]
    [TestCase("cronExpression", "0 0 30 2 *")]
    [TestCase("cronExpression", "0 0 */2 * 1")]
    [TestCase("cronExpression", "* * * * * *")]
    [TestCase("timezone", "Mars/Olympus")]
    [TestCase("url", "ftp://example.com/file")]
    [TestCase("url", "/relative/path")]
    [TestCase("name", "")]
    [TestCase("maxRetries", 11)]
    [TestCase("retryDelaySeconds", 0)]
    [TestCase("timeoutSeconds", 301)]
    public async Task CreateWebhook_WhenFieldInvalid_ReturnsValidationProblemNamingItAndStoresNothing(string field, object value)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With(field, value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM schedule_outbox"), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WhenAmbiguousDayFields_ExplainsWhatToWriteInstead()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring("0 0 */2 * 1"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "cronExpression");
        Assert.That(problem.GetProperty("errors").GetProperty("cronExpression")[0].GetString(), Does.Contain("1-31/2"));
    }

    [Test]
    public async Task CreateWebhook_WhenRequiredFieldsMissing_NamesEachOne()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", new { });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "name", "url", "scheduleType");
    }

    [Test]
    public async Task CreateWebhook_WhenOnceInThePast_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Once(Api.Clock.GetUtcNow().AddMinutes(-1)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "scheduledAt");
    }

    [Test]
    public async Task CreateWebhook_WhenOnceHasCronExpression_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks",
            WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(1)).With("cronExpression", "* * * * *"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "cronExpression");
    }

    [TestCase("ownerId", "00000000-0000-0000-0000-000000000001")]
    [TestCase("isActive", false)]
    [TestCase("id", "00000000-0000-0000-0000-000000000001")]
    [TestCase("nmae", "typo")]
    public async Task CreateWebhook_WhenBodyHasUnknownMember_ReturnsBadRequestNamingIt(string member, object value)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With(member, value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, member);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [TestCase("maxRetries", "\"3\"")]
    [TestCase("scheduleType", "\"weekly\"")]
    [TestCase("httpMethod", "\"TRACE\"")]
    [TestCase("scheduleType", "1")]
    public async Task CreateWebhook_WhenFieldHasWrongType_ReturnsBadRequestNamingIt(string field, string json)
    {
        var client = await Api.CreateUserClientAsync();
        var body = $$"""{"name":"n","url":"https://example.com","scheduleType":"recurring","cronExpression":"* * * * *","{{field}}":{{json}}}""";
        body = body.Replace($"\"{field}\":\"recurring\",", "", StringComparison.Ordinal);

        var response = await client.PostAsync("/api/v1/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task CreateWebhook_WhenJsonMalformed_ReturnsBadRequest()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsync("/api/v1/webhooks", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task CreateWebhook_WhenBodyTooLarge_ReturnsPayloadTooLarge()
    {
        var client = await Api.CreateUserClientAsync();
        var huge = new string('x', 70 * 1024);

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With("payload", new { huge }));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WithoutToken_ReturnsUnauthorized()
    {
        var response = await Api.CreateClient().PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("@daily")]
    [TestCase("0 9 * * MON-FRI")]
    [TestCase("*/15 * * * *")]
    [TestCase("0 0 L * *")]
    [TestCase("0 12 * * 5#2")]
    [TestCase("0 0 13 * 5")]
    public async Task CreateWebhook_WhenCronUsesStandardFeatures_Accepts(string cron)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring(cron));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }
}
