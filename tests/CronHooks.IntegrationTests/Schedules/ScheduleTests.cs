using System.Net;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;

namespace CronHooks.IntegrationTests.Schedules;

public sealed class ScheduleTests : ApiTest
{
    [Test]
    public async Task PreviewSchedule_ListsOccurrencesInUtcAndLocalTime()
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync("/api/v1/schedules/preview?cronExpression=0%209%20*%20*%20*&timezone=America/New_York&count=3");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var occurrences = (await ReadJsonAsync(response)).GetProperty("occurrences").EnumerateArray().ToList();
        Assert.That(occurrences, Has.Count.EqualTo(3));
        foreach (var occurrence in occurrences)
        {
            var utc = occurrence.GetProperty("utc").GetDateTimeOffset();
            var local = occurrence.GetProperty("local").GetDateTimeOffset();
            Assert.That(occurrence.GetProperty("utc").GetString(), Does.EndWith("Z"));
            Assert.That(local, Is.EqualTo(utc));
            Assert.That((local.Hour, local.Minute), Is.EqualTo((9, 0)));
            Assert.That(utc, Is.GreaterThan(Api.Clock.GetUtcNow()));
        }
    }

    [TestCase("cronExpression=bad", "cronExpression")]
    [TestCase("cronExpression=*%20*%20*%20*%20*&timezone=Nowhere/City", "timezone")]
    [TestCase("cronExpression=*%20*%20*%20*%20*&count=101", "count")]
    public async Task PreviewSchedule_WhenInvalid_ReturnsValidationProblem(string query, string field)
    {
        var client = await Api.CreateUserClientAsync();

        var response = await client.GetAsync($"/api/v1/schedules/preview?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task GetUpcomingRuns_AgreesWithPreviewAndHonoursTheWindow()
    {
        var client = await Api.CreateUserClientAsync();
        var now = Api.Clock.GetUtcNow();
        var endsAt = now.AddHours(1);
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring("*/10 * * * *").With("endsAt", endsAt));

        var upcoming = (await ReadJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhook.Id()}/upcoming?count=100")))
            .GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("utc").GetDateTimeOffset()).ToList();
        var preview = (await ReadJsonAsync(await client.GetAsync("/api/v1/schedules/preview?cronExpression=*/10%20*%20*%20*%20*&count=6")))
            .GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("utc").GetDateTimeOffset()).ToList();

        Assert.That(upcoming, Has.Count.InRange(5, 6));
        Assert.That(upcoming, Is.EqualTo(preview.Take(upcoming.Count)));
        Assert.That(upcoming, Has.All.LessThanOrEqualTo(endsAt));
        Assert.That(webhook.GetProperty("nextRunAt").GetDateTimeOffset(), Is.EqualTo(upcoming[0]));
    }
}
