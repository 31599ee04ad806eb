using System.Net;
using System.Text.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Stats;

public sealed class StatsTests : ApiTest
{
    private DateTimeOffset now;
    private DateTimeOffset hour; // start of the current UTC hour: the last bucket of a 24h series

    [SetUp]
    public void FixTimes()
    {
        now = Api.Clock.GetUtcNow();
        hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Alice's webhook: three quick successes two hours ago; an hour ago a timeout retried into a
    /// success, a 500 and a skipped run; one attempt pending now; one success from yesterday, outside 24h.
    /// </summary>
    private async Task<(HttpClient Alice, string WebhookId)> SeedAsync()
    {
        var alice = await Api.CreateUserClientAsync();
        var webhook = (await alice.CreateWebhookAsync(WebhookRequests.Recurring())).Id();
        var b1 = hour.AddHours(-2);
        var b2 = hour.AddHours(-1);
        await ExecutionRows.InsertAsync(webhook, "Success", b1.AddMinutes(10), latenessMs: 1000, durationMs: 100, responseCode: 200);
        await ExecutionRows.InsertAsync(webhook, "Success", b1.AddMinutes(20), latenessMs: 2000, durationMs: 200, responseCode: 200);
        await ExecutionRows.InsertAsync(webhook, "Success", b1.AddMinutes(30), latenessMs: 3000, durationMs: 300, responseCode: 200);
        await ExecutionRows.InsertAsync(webhook, "Retrying", b2.AddMinutes(10), latenessMs: 4000, durationMs: 1000, errorKind: "timeout");
        // The retry was queued when the first attempt failed and was due 5 minutes later: it is 500 ms late, not 5 min.
        await ExecutionRows.InsertAsync(webhook, "Success", b2.AddMinutes(10).AddSeconds(1), attempt: 2,
            scheduledFor: b2.AddMinutes(10), dueAt: b2.AddMinutes(15), latenessMs: 500, durationMs: 400, responseCode: 201);
        await ExecutionRows.InsertAsync(webhook, "Failed", b2.AddMinutes(20), latenessMs: 6000, durationMs: 500, responseCode: 500, errorKind: "http_error");
        await ExecutionRows.InsertAsync(webhook, "Skipped", b2.AddMinutes(30));
        await ExecutionRows.InsertAsync(webhook, "Pending", now);
        await ExecutionRows.InsertAsync(webhook, "Success", now.AddHours(-25), latenessMs: 1, durationMs: 9999, responseCode: 204);
        return (alice, webhook);
    }

    [Test]
    public async Task GetWebhookStats_ReturnsCountsRatePercentilesAndTopErrorsOfTheWindow()
    {
        var (alice, webhook) = await SeedAsync();

        var stats = await GetOkAsync(alice, $"/api/v1/webhooks/{webhook}/stats?window=24h");

        Assert.Multiple(() =>
        {
            Assert.That(stats.GetProperty("window").GetString(), Is.EqualTo("24h"));
            Assert.That(stats.GetProperty("from").GetDateTimeOffset(), Is.EqualTo(now.AddHours(-24)));
            Assert.That(stats.GetProperty("to").GetDateTimeOffset(), Is.EqualTo(now));
            Assert.That(Counts(stats.GetProperty("counts")), Is.EqualTo(new[] { 8, 1, 0, 4, 1, 1, 1 }));
            Assert.That(stats.GetProperty("successRate").GetDouble(), Is.EqualTo(0.6667));
            // Durations 100, 200, 300, 400, 500, 1000 ms, interpolated like percentile_cont.
            Assert.That(Percentiles(stats.GetProperty("durationMs"), "p50", "p95", "p99"), Is.EqualTo(new double?[] { 350, 875, 975 }));
            // Lateness 500, 1000, 2000, 3000, 4000, 6000 ms.
            Assert.That(Percentiles(stats.GetProperty("latenessMs"), "p50", "p99"), Is.EqualTo(new double?[] { 2500, 5900 }));
            Assert.That(Top(stats, "topErrorKinds", "errorKind"), Is.EqualTo(new[] { "http_error:1", "timeout:1" }));
            Assert.That(Top(stats, "topResponseCodes", "responseCode"), Is.EqualTo(new[] { "200:3", "201:1", "500:1" }));
        });
    }

    [Test]
    public async Task GetWebhookStats_ReturnsHourlyBucketsForEveryHourOfTheWindow()
    {
        var (alice, webhook) = await SeedAsync();

        var stats = await GetOkAsync(alice, $"/api/v1/webhooks/{webhook}/stats");
        var series = stats.GetProperty("series").EnumerateArray().ToList();

        Assert.That(stats.GetProperty("bucketSeconds").GetInt32(), Is.EqualTo(3600));
        // Partial hours at both ends: from the hour holding now - 24h to the current hour.
        Assert.That(series.Select(b => b.GetProperty("start").GetDateTimeOffset()),
            Is.EqualTo(Enumerable.Range(0, 25).Select(i => hour.AddHours(i - 24))));
        var byStart = series.ToDictionary(b => b.GetProperty("start").GetDateTimeOffset());
        Assert.Multiple(() =>
        {
            Assert.That(Counts(byStart[hour.AddHours(-2)].GetProperty("counts")), Is.EqualTo(new[] { 3, 0, 0, 3, 0, 0, 0 }));
            Assert.That(byStart[hour.AddHours(-2)].GetProperty("p95DurationMs").GetDouble(), Is.EqualTo(290));
            Assert.That(Counts(byStart[hour.AddHours(-1)].GetProperty("counts")), Is.EqualTo(new[] { 4, 0, 0, 1, 1, 1, 1 }));
            Assert.That(byStart[hour.AddHours(-1)].GetProperty("p95DurationMs").GetDouble(), Is.EqualTo(950));
            Assert.That(Counts(byStart[hour].GetProperty("counts")), Is.EqualTo(new[] { 1, 1, 0, 0, 0, 0, 0 }));
            Assert.That(byStart[hour].GetProperty("p95DurationMs").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(series.Sum(b => b.GetProperty("counts").GetProperty("total").GetInt32()), Is.EqualTo(8));
        });
    }

    [Test]
    public async Task GetStats_CoversAllOfTheCallersWebhooksAndNobodyElses()
    {
        var (alice, _) = await SeedAsync();
        var other = (await alice.CreateWebhookAsync(WebhookRequests.Recurring())).Id();
        await ExecutionRows.InsertAsync(other, "Failed", hour.AddHours(-3), latenessMs: 10, durationMs: 50, responseCode: 503, errorKind: "connection_refused");
        var bob = await Api.CreateUserClientAsync();
        var bobs = (await bob.CreateWebhookAsync(WebhookRequests.Recurring())).Id();
        await ExecutionRows.InsertAsync(bobs, "Failed", hour.AddHours(-3), latenessMs: 10, durationMs: 50, responseCode: 418, errorKind: "teapot");

        var stats = await GetOkAsync(alice, "/api/v1/stats?window=24h");
        var perWebhook = await GetOkAsync(alice, $"/api/v1/webhooks/{other}/stats");

        Assert.Multiple(() =>
        {
            Assert.That(Counts(stats.GetProperty("counts")), Is.EqualTo(new[] { 9, 1, 0, 4, 2, 1, 1 }));
            Assert.That(Top(stats, "topErrorKinds", "errorKind"), Is.EqualTo(new[] { "connection_refused:1", "http_error:1", "timeout:1" }));
            Assert.That(Top(stats, "topResponseCodes", "responseCode"), Is.EqualTo(new[] { "200:3", "201:1", "500:1", "503:1" }));
            Assert.That(Counts(perWebhook.GetProperty("counts")), Is.EqualTo(new[] { 1, 0, 0, 0, 1, 0, 0 }));
            Assert.That(perWebhook.GetProperty("successRate").GetDouble(), Is.Zero);
        });
    }

    [Test]
    public async Task GetStats_WhenWindowIs7d_IncludesOlderAttemptsInSixHourBuckets()
    {
        var (alice, _) = await SeedAsync();

        var week = await GetOkAsync(alice, "/api/v1/stats?window=7d");
        var month = await GetOkAsync(alice, "/api/v1/stats?window=30d");

        var weekSeries = week.GetProperty("series").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(week.GetProperty("counts").GetProperty("total").GetInt32(), Is.EqualTo(9));
            Assert.That(week.GetProperty("bucketSeconds").GetInt32(), Is.EqualTo(6 * 3600));
            Assert.That(weekSeries, Has.Count.EqualTo(29));
            Assert.That(weekSeries.Select(b => b.GetProperty("start").GetDateTimeOffset().Hour % 6).Distinct(), Is.EqualTo(new[] { 0 }));
            Assert.That(weekSeries.Sum(b => b.GetProperty("counts").GetProperty("total").GetInt32()), Is.EqualTo(9));
            Assert.That(month.GetProperty("bucketSeconds").GetInt32(), Is.EqualTo(86400));
            Assert.That(month.GetProperty("series").EnumerateArray().Count(), Is.EqualTo(31));
            Assert.That(month.GetProperty("series")[30].GetProperty("start").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(now.Date, TimeSpan.Zero)));
        });
    }

    [Test]
    public async Task GetStats_WhenNothingRan_ReturnsZerosAndNulls()
    {
        var alice = await Api.CreateUserClientAsync();

        var stats = await GetOkAsync(alice, "/api/v1/stats");

        Assert.Multiple(() =>
        {
            Assert.That(Counts(stats.GetProperty("counts")), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 0, 0 }));
            Assert.That(stats.GetProperty("successRate").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Percentiles(stats.GetProperty("durationMs"), "p50", "p95", "p99"), Is.EqualTo(new double?[] { null, null, null }));
            Assert.That(stats.GetProperty("topErrorKinds").GetArrayLength(), Is.Zero);
            Assert.That(stats.GetProperty("series").GetArrayLength(), Is.EqualTo(25));
        });
    }

    [TestCase("/api/v1/stats?window=1h")]
    [TestCase("/api/v1/stats?window=")]
    [TestCase("/api/v1/webhooks/{0}/stats?window=24H")]
    public async Task GetStats_WhenWindowIsUnknown_ReturnsValidationProblem(string path)
    {
        var alice = await Api.CreateUserClientAsync();
        var webhook = (await alice.CreateWebhookAsync(WebhookRequests.Recurring())).Id();

        var response = await alice.GetAsync(string.Format(path, webhook));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "window");
    }

    [Test]
    public async Task GetWebhookStats_WhenAnotherUsersWebhook_ReturnsNotFound()
    {
        var (_, webhook) = await SeedAsync();
        var bob = await Api.CreateUserClientAsync();

        var response = await bob.GetAsync($"/api/v1/webhooks/{webhook}/stats");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task GetStats_WhenAnonymous_ReturnsUnauthorized()
    {
        var response = await Api.CreateClient().GetAsync("/api/v1/stats");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<JsonElement> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    /// <summary>total, pending, running, success, failed, retrying, skipped.</summary>
    private static int[] Counts(JsonElement counts) =>
        new[] { "total", "pending", "running", "success", "failed", "retrying", "skipped" }.Select(n => counts.GetProperty(n).GetInt32()).ToArray();

    private static double?[] Percentiles(JsonElement percentiles, params string[] names) =>
        names.Select(n => percentiles.GetProperty(n) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : (double?)null).ToArray();

    private static string[] Top(JsonElement stats, string list, string key) =>
        stats.GetProperty(list).EnumerateArray().Select(e => $"{e.GetProperty(key)}:{e.GetProperty("count").GetInt32()}").ToArray();
}
