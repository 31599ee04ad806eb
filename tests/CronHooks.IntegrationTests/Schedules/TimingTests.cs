using System.Net;
using System.Net.Http.Json;
using CronHooks.Domain.Scheduling;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Schedules;

/// <summary>Jitter and interval schedules as a user sees them: the fields, their validation, nextRunAt, /upcoming and the preview.</summary>
public sealed class TimingTests : ApiTest
{
    private static Dictionary<string, object?> Interval(int seconds, DateTimeOffset? anchor = null) => new()
    {
        ["name"] = "Every 90 minutes",
        ["url"] = "https://example.com/hooks/sync",
        ["scheduleType"] = "interval",
        ["intervalSeconds"] = seconds,
        ["anchor"] = anchor,
    };

    [Test]
    public async Task CreateWebhook_WhenIntervalWithAnAnchor_RunsOnTheAnchorsGridInUpcomingAndPreview()
    {
        var client = await Api.CreateUserClientAsync();
        var now = Api.Clock.GetUtcNow();
        var anchor = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 600);

        var webhook = await client.CreateWebhookAsync(Interval(5400, anchor));
        var upcoming = await InstantsAsync(client, $"/api/v1/webhooks/{webhook.Id()}/upcoming?count=4");
        var preview = await InstantsAsync(client, $"/api/v1/schedules/preview?intervalSeconds=5400&anchor={Uri.EscapeDataString(anchor.ToString("O"))}&count=4");

        Assert.That(webhook.GetProperty("scheduleType").GetString(), Is.EqualTo("interval"));
        Assert.That(webhook.GetProperty("intervalSeconds").GetInt32(), Is.EqualTo(5400));
        Assert.That(webhook.GetProperty("anchor").GetDateTimeOffset(), Is.EqualTo(anchor));
        Assert.That(webhook.GetProperty("jitterSeconds").GetInt32(), Is.Zero);
        var expected = Enumerable.Range(0, 4).Select(k => anchor.AddMinutes(90 * k)).ToList();
        Assert.That(upcoming, Is.EqualTo(expected));
        Assert.That(preview, Is.EqualTo(expected));
        Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(anchor));
    }

    [Test]
    public async Task CreateWebhook_WhenIntervalWithoutAnAnchor_CountsFromItsCreationToTheSecond()
    {
        var client = await Api.CreateUserClientAsync();
        Api.Clock.Advance(TimeSpan.FromMilliseconds(700));
        var created = Api.Clock.GetUtcNow();

        var webhook = await client.CreateWebhookAsync(Interval(3600));

        var anchor = DateTimeOffset.FromUnixTimeSeconds(created.ToUnixTimeSeconds());
        Assert.That(webhook.GetProperty("anchor").GetDateTimeOffset(), Is.EqualTo(anchor));
        Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(anchor.AddHours(1)),
            "the anchor itself is before the webhook existed");
    }

    [TestCase("intervalSeconds", 59, "intervalSeconds")]
    [TestCase("intervalSeconds", 366 * 86400 + 1, "intervalSeconds")]
    [TestCase("intervalSeconds", null, "intervalSeconds")]
    [TestCase("cronExpression", "0 * * * *", "cronExpression")]
    [TestCase("jitterSeconds", 3601, "jitterSeconds")]
    [TestCase("jitterSeconds", -1, "jitterSeconds")]
    [TestCase("anchor", "tomorrow at nine", "anchor")]
    public async Task CreateWebhook_WhenIntervalFieldsAreWrong_ReturnsValidationProblemNamingTheFieldAndStoresNothing(string field, object? value, string named)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", Interval(5400).With(field, value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, named);
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM webhooks"), Is.Zero);
    }

    [Test]
    public async Task CreateWebhook_WhenTheServerSetsAnotherIntervalFloor_AcceptsIntervalsDownToIt()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Limits:MinIntervalSeconds", "10"));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var atTheFloor = await client.PostAsJsonAsync("/api/v1/webhooks", Interval(10));
        var below = await client.PostAsJsonAsync("/api/v1/webhooks", Interval(9));

        Assert.That(atTheFloor.StatusCode, Is.EqualTo(HttpStatusCode.Created), await atTheFloor.Content.ReadAsStringAsync());
        var problem = await AssertProblemAsync(below, HttpStatusCode.BadRequest, "intervalSeconds");
        Assert.That(problem.GetProperty("errors").GetProperty("intervalSeconds")[0].GetString(), Does.Contain("between 10 and"));
    }

    [TestCase("intervalSeconds", 600)]
    [TestCase("anchor", "2027-01-01T00:00:00Z")]
    public async Task CreateWebhook_WhenIntervalFieldsOnACronWebhook_ReturnsValidationProblem(string field, object value)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring().With(field, value));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task CreateWebhook_WhenJitterOnAOneTimeWebhook_ReturnsValidationProblem()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/webhooks",
            WebhookRequests.Once(Api.Clock.GetUtcNow().AddHours(1)).With("jitterSeconds", 30));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "jitterSeconds");
    }

    [Test]
    public async Task GetUpcomingRuns_WhenTheWebhookHasJitter_ShowsEachOccurrenceAtItsDelayedInstantAndNextRunAtAgrees()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("*/10 * * * *").With("jitterSeconds", 600));
        var id = Guid.Parse(webhook.Id());

        var upcoming = (await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/upcoming?count=6")))
            .GetProperty("occurrences").EnumerateArray().ToList();
        var preview = await InstantsAsync(client, $"/api/v1/schedules/preview?cronExpression=*/10%20*%20*%20*%20*&webhookId={id}&count=6");

        Assert.That(webhook.GetProperty("jitterSeconds").GetInt32(), Is.EqualTo(600));
        Assert.That(upcoming, Has.Count.EqualTo(6));
        foreach (var run in upcoming)
        {
            var occurrence = run.GetProperty("scheduledFor").GetDateTimeOffset();
            Assert.That(run.GetProperty("utc").GetDateTimeOffset(), Is.EqualTo(Jitter.DueAt(id, occurrence, 600)));
            Assert.That(occurrence.Minute % 10, Is.Zero, "the occurrence itself stays on the schedule");
        }
        var instants = upcoming.Select(r => r.GetProperty("utc").GetDateTimeOffset()).ToList();
        Assert.That(instants, Is.Ordered);
        Assert.That(instants, Has.All.GreaterThan(Api.Clock.GetUtcNow()));
        Assert.That(preview, Is.EqualTo(instants), "the preview with the webhook's id shows the same instants");
        Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(instants[0]));
    }

    [Test]
    public async Task PreviewSchedule_WhenJitterWithoutAWebhook_ShowsEachOccurrenceWithTheLatestItMayBeSent()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync("/api/v1/schedules/preview?cronExpression=0%20*%20*%20*%20*&jitterSeconds=900&count=3");

        var occurrences = (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray().ToList();
        Assert.That(occurrences, Has.Count.EqualTo(3));
        foreach (var o in occurrences)
        {
            Assert.That(o.GetProperty("utc").GetDateTimeOffset().Minute, Is.Zero);
            Assert.That(o.GetProperty("latestUtc").GetDateTimeOffset(), Is.EqualTo(o.GetProperty("utc").GetDateTimeOffset().AddMinutes(15)));
        }
    }

    [TestCase("intervalSeconds=30", "intervalSeconds")]
    [TestCase("intervalSeconds=600&cronExpression=0%20*%20*%20*%20*", "cronExpression")]
    [TestCase("cronExpression=0%20*%20*%20*%20*&jitterSeconds=4000", "jitterSeconds")]
    [TestCase("cronExpression=0%20*%20*%20*%20*&anchor=2027-01-01T00:00:00Z", "anchor")]
    public async Task PreviewSchedule_WhenTimingParametersAreWrong_ReturnsValidationProblem(string query, string field)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync($"/api/v1/schedules/preview?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task PreviewSchedule_WhenGivenAnotherUsersWebhook_ReturnsNotFound()
    {
        var alice = await Api.CreateUserClientAsync();
        var bob = await Api.CreateUserClientAsync();
        var webhook = await alice.CreateWebhookAsync(WebhookRequests.Recurring().With("jitterSeconds", 60));

        var response = await bob.GetAsync($"/api/v1/schedules/preview?cronExpression=0%209%20*%20*%20*&webhookId={webhook.Id()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static async Task<List<DateTimeOffset>> InstantsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray()
            .Select(o => o.GetProperty("utc").GetDateTimeOffset()).ToList();
    }
}
