using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;

namespace CronHooks.IntegrationTests.Webhooks;

/// <summary>A webhook's <c>successCriteria</c>, <c>retryOn</c> and <c>maxRetryAgeSeconds</c> through create, read and patch, and what is refused.</summary>
public sealed class DeliveryRulesTests : ApiTest
{
    private static Dictionary<string, object?> WithRules(object? criteria = null, object? retryOn = null, object? maxRetryAgeSeconds = null) =>
        WebhookRequests.Recurring().With("successCriteria", criteria).With("retryOn", retryOn).With("maxRetryAgeSeconds", maxRetryAgeSeconds);

    [Test]
    public async Task CreateWebhook_WithSuccessCriteriaAndRetryRules_StoresAndShowsThem()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WithRules(
            new { statusCodes = new[] { "2XX", "404" }, bodyContains = "ok", bodyRegex = "^\\{", jsonPointer = "/result/state", equals = new { done = true }, maxDurationMs = 1500 },
            new[] { "timeout", "5xx", "409" }, 7_200));

        var read = await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{created.Id()}"));
        var criteria = read.GetProperty("successCriteria");
        Assert.Multiple(() =>
        {
            Assert.That(criteria.GetProperty("statusCodes").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "2xx", "404" }));
            Assert.That(criteria.GetProperty("bodyContains").GetString(), Is.EqualTo("ok"));
            Assert.That(criteria.GetProperty("bodyRegex").GetString(), Is.EqualTo("^\\{"));
            Assert.That(criteria.GetProperty("jsonPointer").GetString(), Is.EqualTo("/result/state"));
            Assert.That(criteria.GetProperty("equals").GetProperty("done").GetBoolean(), Is.True);
            Assert.That(criteria.GetProperty("maxDurationMs").GetInt32(), Is.EqualTo(1500));
            Assert.That(read.GetProperty("retryOn").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "timeout", "5xx", "409" }));
            Assert.That(read.GetProperty("maxRetryAgeSeconds").GetInt32(), Is.EqualTo(7_200));
        });
    }

    [Test]
    public async Task CreateWebhook_WithoutRules_ShowsNoCriteriaAndTheDefaultRetryClasses()
    {
        var client = await Api.CreateUserClientAsync();

        var created = await client.CreateWebhookAsync(WebhookRequests.Recurring());

        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("successCriteria").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(created.GetProperty("retryOn").EnumerateArray().Select(c => c.GetString()),
                Is.EqualTo(new[] { "timeout", "connection", "408", "425", "429", "5xx" }));
            Assert.That(created.GetProperty("maxRetryAgeSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task PatchWebhook_WhenOnlyRetryOnChanges_KeepsTheSuccessCriteria()
    {
        var client = await Api.CreateUserClientAsync();
        var created = await client.CreateWebhookAsync(WithRules(new { bodyContains = "ok" }));

        var response = await client.PatchAsync($"/api/v1/webhooks/{created.Id()}",
            new StringContent("""{"retryOn":[]}""", Encoding.UTF8, "application/merge-patch+json"));

        var patched = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(patched.GetProperty("retryOn").GetArrayLength(), Is.Zero);
        Assert.That(patched.GetProperty("successCriteria").GetProperty("bodyContains").GetString(), Is.EqualTo("ok"));
    }

    private static IEnumerable<TestCaseData> InvalidRules()
    {
        yield return new TestCaseData(WithRules(new { statusCodes = new[] { "2xx", "6xx" } }), "successCriteria.statusCodes[1]").SetArgDisplayNames("unknown status class");
        yield return new TestCaseData(WithRules(new { statusCodes = new[] { "ok" } }), "successCriteria.statusCodes[0]").SetArgDisplayNames("not a code");
        yield return new TestCaseData(WithRules(new { bodyRegex = "([a-z]" }), "successCriteria.bodyRegex").SetArgDisplayNames("invalid regex");
        yield return new TestCaseData(WithRules(new { jsonPointer = "result/state" }), "successCriteria.jsonPointer").SetArgDisplayNames("pointer without slash");
        yield return new TestCaseData(WithRules(new { jsonPointer = "/a~2b" }), "successCriteria.jsonPointer").SetArgDisplayNames("pointer with a bad escape");
        yield return new TestCaseData(WithRules(new { equals = 1 }), "successCriteria.equals").SetArgDisplayNames("equals without pointer");
        yield return new TestCaseData(WithRules(new { maxDurationMs = 0 }), "successCriteria.maxDurationMs").SetArgDisplayNames("zero duration");
        yield return new TestCaseData(WithRules(new { bodyContains = "" }), "successCriteria.bodyContains").SetArgDisplayNames("empty bodyContains");
        yield return new TestCaseData(WithRules(retryOn: new[] { "5xx", "sometimes" }), "retryOn[1]").SetArgDisplayNames("unknown retry class");
        yield return new TestCaseData(WithRules(retryOn: new[] { "200" }), "retryOn[0]").SetArgDisplayNames("retry on a success code");
        yield return new TestCaseData(WithRules(maxRetryAgeSeconds: 0), "maxRetryAgeSeconds").SetArgDisplayNames("zero age");
    }

    [TestCaseSource(nameof(InvalidRules))]
    public async Task CreateWebhook_WhenARuleIsInvalid_ReturnsValidationProblemNamingItAndStoresNothing(Dictionary<string, object?> body, string field)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }
}
