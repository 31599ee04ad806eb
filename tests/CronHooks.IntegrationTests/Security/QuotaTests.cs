using System.Net;
using System.Net.Http.Json;
using CronHooks.IntegrationTests.Host;
using CronHooks.IntegrationTests.Webhooks;
using Microsoft.Extensions.Options;

namespace CronHooks.IntegrationTests.Security;

/// <summary>The account quotas the API enforces: run-now's rate, the account's attempts per minute and the schedule floor.</summary>
public sealed class QuotaTests : ApiTest
{
    [Test]
    public async Task TriggerWebhook_WhenRunNowMoreOftenThanItsRatePerMinute_ReturnsTooManyRequestsAndQueuesNothingMore()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        var other = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        for (var i = 0; i < 10; i++) // Quotas:RunNowPerWebhookPerMinute, default 10
        {
            Assert.That((await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Api.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var limited = await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null);
        var otherWebhook = await client.PostAsync($"/api/v1/webhooks/{other.Id()}/trigger", null);

        var problem = await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("RunNowPerWebhookPerMinute"));
        // The oldest of the ten leaves the minute 10 s after it was taken, 50 s from now.
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(50)));
        Assert.That(otherWebhook.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "each webhook has its own run-now rate");
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue WHERE webhook_id = $1", Guid.Parse(webhook.Id())), Is.EqualTo(10));

        Api.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.That((await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task TriggerWebhook_WhenTheAccountSentItsAttemptsForThisMinute_ReturnsTooManyRequestsUntilTheMinuteTurns()
    {
        var client = await Api.CreateUserClientAsync();
        var webhook = await client.CreateWebhookAsync(WebhookRequests.Recurring());
        // What the delivery nodes counted this minute (two nodes' rows), the default quota in all.
        await TestDatabase.ScalarAsync<int>("""
            INSERT INTO owner_attempt_minutes (owner_id, minute, node, attempts)
            SELECT owner_id, date_trunc('minute', now()), n, 1000 FROM webhooks, (VALUES ('a'), ('b')) v(n) WHERE id = $1
            """, Guid.Parse(webhook.Id()));

        var limited = await client.PostAsync($"/api/v1/webhooks/{webhook.Id()}/trigger", null);

        var problem = await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("AttemptsPerOwnerPerMinute"));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM execution_queue"), Is.Zero);
    }

    [Test]
    public async Task CreateAndUpdateWebhook_WhenTheScheduleFiresMoreOftenThanTheMinimumInterval_ReturnValidationProblemNamingCronExpression()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Quotas:MinScheduleInterval", "00:05:00"));
        var client = await ApiFactory.CreateUserClientAsync(host);

        var everyMinute = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring("* * * * *"));
        var everyFive = await client.PostAsJsonAsync("/api/v1/webhooks", WebhookRequests.Recurring("*/5 * * * *"));
        var id = (await ReadJsonAsync(everyFive)).Id();
        // Two minutes apart once a day, across midnight: the closest gap is what counts.
        var acrossMidnight = await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", WebhookRequests.Recurring("0,59 0,23 * * *"));

        var problem = await AssertProblemAsync(everyMinute, HttpStatusCode.BadRequest, "cronExpression");
        Assert.That(problem.GetProperty("errors").GetProperty("cronExpression")[0].GetString(), Does.Contain("5 minutes"));
        Assert.That(everyFive.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertProblemAsync(acrossMidnight, HttpStatusCode.BadRequest, "cronExpression");
        Assert.That(await TestDatabase.ScalarAsync<string>("SELECT cron_expression FROM webhooks"), Is.EqualTo("*/5 * * * *"));
    }

    [Test]
    public async Task Start_WhenTheMinimumScheduleIntervalIsBelowAMinute_Fails()
    {
        await using var host = Api.WithWebHostBuilder(b => b.UseSetting("Quotas:MinScheduleInterval", "00:00:30"));

        var error = Assert.Catch(() => host.CreateClient());

        Assert.That(error, Is.InstanceOf<OptionsValidationException>().Or.InnerException.InstanceOf<OptionsValidationException>());
        Assert.That(error!.ToString(), Does.Contain("MinScheduleInterval"));
    }
}
