using System.Text.Json;
using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class WebhookTests : SdkTest
{
    [Test]
    public async Task CreateWebhook_WhenOnce_CanBeReadBackAndListed()
    {
        var client = await SignUpAsync();
        var at = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(8), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));
        var request = Once(at);
        request.HttpMethod = WebhookHttpMethod.PUT;
        request.Headers = new Dictionary<string, string> { ["X-Team"] = "billing-team" };
        request.Payload = new { invoice = 42, lines = new[] { "a", "b" } };

        var created = await client.CreateWebhookAsync(request);
        var read = await client.GetWebhookAsync(created.Id);

        Assert.That(created.SigningSecret, Is.Not.Empty, "the secret is shown once, on create");
        Assert.That(read.SigningSecret, Is.Null);
        Assert.That(read.ScheduleType, Is.EqualTo(ScheduleType.Once));
        Assert.That(read.HttpMethod, Is.EqualTo(WebhookHttpMethod.PUT));
        Assert.That(read.ScheduledAt, Is.EqualTo(at));
        Assert.That(read.NextRunAt, Is.EqualTo(at));
        // Header values are secrets: read back masked, last four characters visible.
        Assert.That(read.Headers["X-Team"], Is.EqualTo("****team"));
        var payload = (JsonElement)read.Payload!;
        Assert.That(payload.GetProperty("invoice").GetInt32(), Is.EqualTo(42));
        Assert.That(payload.GetProperty("lines").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(read.IsActive, Is.True);
        Assert.That(read.State, Is.EqualTo(WebhookState.Active));
        Assert.That(read.CompletedAt, Is.Null);

        var all = await client.ListWebhooksAsync(page: null, pageSize: null, isActive: null, scheduleType: null, search: null, state: null, key: null);
        var once = await client.ListWebhooksAsync(1, 10, true, ScheduleType.Once, null, null, null);
        var recurring = await client.ListWebhooksAsync(1, 10, null, ScheduleType.Recurring, null, null, null);
        var completed = await client.ListWebhooksAsync(1, 10, null, null, null, WebhookState.Completed, null);
        Assert.That(all.Items.Select(w => w.Id), Is.EqualTo(new[] { created.Id }));
        Assert.That(all.TotalCount, Is.EqualTo(1));
        Assert.That(once.Items.Select(w => w.Id), Is.EqualTo(new[] { created.Id }));
        Assert.That(recurring.Items, Is.Empty);
        Assert.That(completed.Items, Is.Empty, "it has not run yet");
    }

    [Test]
    public async Task CreateWebhook_WhenRecurring_UpcomingRunsFollowItsTimeZone()
    {
        var client = await SignUpAsync();

        var created = await client.CreateWebhookAsync(Recurring("0 9 * * *", "Europe/Berlin"));
        var upcoming = await client.GetUpcomingRunsAsync(created.Id, 3);

        Assert.That(created.ScheduleType, Is.EqualTo(ScheduleType.Recurring));
        Assert.That(created.MissedRunPolicy, Is.EqualTo(MissedRunPolicy.RunOnce));
        Assert.That(created.MaxRetries, Is.EqualTo(3));
        Assert.That(upcoming.Occurrences, Has.Count.EqualTo(3));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        foreach (var occurrence in upcoming.Occurrences)
        {
            Assert.That(occurrence.Local.Hour, Is.EqualTo(9));
            Assert.That(occurrence.Local.Offset, Is.EqualTo(berlin.GetUtcOffset(occurrence.Utc)));
            Assert.That(occurrence.Local.UtcDateTime, Is.EqualTo(occurrence.Utc.UtcDateTime));
        }
        Assert.That(created.NextRunAt, Is.EqualTo(upcoming.Occurrences.First().Utc));
    }

    [Test]
    public async Task UpdateWebhook_ReplacesTheDefinition()
    {
        var client = await SignUpAsync();
        var created = await client.CreateWebhookAsync(Recurring());

        await client.UpdateWebhookAsync(created.Id, new UpdateWebhookRequest
        {
            Name = "every quarter hour",
            Url = created.Url,
            ScheduleType = ScheduleType.Recurring,
            CronExpression = "*/15 * * * *",
            MaxRetries = 0,
        });
        var read = await client.GetWebhookAsync(created.Id);

        Assert.That(read.Name, Is.EqualTo("every quarter hour"));
        Assert.That(read.CronExpression, Is.EqualTo("*/15 * * * *"));
        Assert.That(read.Timezone, Is.EqualTo("UTC"));
        Assert.That(read.MaxRetries, Is.EqualTo(0));
    }

    [Test]
    public async Task PatchWebhook_ChangesOnlyTheMembersSet()
    {
        var client = await SignUpAsync();
        var request = Recurring();
        request.MaxRetries = 5;
        request.Headers = new Dictionary<string, string> { ["X-Team"] = "billing-team" };
        var created = await client.CreateWebhookAsync(request);

        var patched = await client.PatchWebhookAsync(created.Id, new WebhookMergePatch { Name = "renamed", TimeoutSeconds = 10 });

        Assert.That(patched.Name, Is.EqualTo("renamed"));
        Assert.That(patched.TimeoutSeconds, Is.EqualTo(10));
        Assert.That(patched.MaxRetries, Is.EqualTo(5), "members not set in the patch are kept, not reset");
        Assert.That(patched.CronExpression, Is.EqualTo(created.CronExpression));
        Assert.That(patched.Timezone, Is.EqualTo("Europe/Berlin"));
        Assert.That(patched.Headers["X-Team"], Is.EqualTo("****team"));
    }

    [Test]
    public async Task CancelWebhook_ThenResume_StopsAndRestartsTheSchedule()
    {
        var client = await SignUpAsync();
        var created = await client.CreateWebhookAsync(Recurring());

        var cancelled = await client.CancelWebhookAsync(created.Id);
        var upcomingWhileCancelled = await client.GetUpcomingRunsAsync(created.Id, null);
        var triggerWhileCancelled = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => client.TriggerWebhookAsync(created.Id));
        var resumed = await client.ResumeWebhookAsync(created.Id);

        Assert.That(cancelled.IsActive, Is.False);
        Assert.That(cancelled.NextRunAt, Is.Null);
        Assert.That(upcomingWhileCancelled.Occurrences, Is.Empty);
        Assert.That(triggerWhileCancelled!.StatusCode, Is.EqualTo(409));
        Assert.That(triggerWhileCancelled.Title, Is.EqualTo("Conflict"));
        Assert.That(resumed.IsActive, Is.True);
        Assert.That(resumed.NextRunAt, Is.Not.Null);
    }

    [Test]
    public async Task DeleteWebhook_ThenGet_ThrowsNotFoundProblem()
    {
        var client = await SignUpAsync();
        var created = await client.CreateWebhookAsync(Recurring());

        await client.DeleteWebhookAsync(created.Id);
        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => client.GetWebhookAsync(created.Id));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
        Assert.That(error.Title, Is.Not.Empty);
    }

    [Test]
    public async Task GetWebhook_WhenItIsAnotherUsersWebhook_ThrowsNotFoundProblem()
    {
        var owner = await SignUpAsync();
        var stranger = await SignUpAsync();
        var created = await owner.CreateWebhookAsync(Recurring());

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => stranger.GetWebhookAsync(created.Id));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task CreateWebhook_WhenFieldsAreInvalid_ThrowsValidationProblemWithFieldErrors()
    {
        var client = await SignUpAsync();
        var request = Recurring("not a cron");
        request.Url = null;

        var error = await Assert.ThrowsAsync<CronHooksApiException<HttpValidationProblemDetails>>(() => client.CreateWebhookAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Title, Is.EqualTo("One or more fields are invalid."));
        Assert.That(error.Errors.Keys, Is.SupersetOf(new[] { "url", "cronExpression" }));
        Assert.That(error.Errors["url"], Is.Not.Empty);
        Assert.That(error.Result.Errors!.Keys, Is.EquivalentTo(error.Errors.Keys));
    }

    [Test]
    public async Task ListWebhooks_WhenPageSizeIsTooLarge_ThrowsValidationProblem()
    {
        var client = await SignUpAsync();

        var error = await Assert.ThrowsAsync<CronHooksApiException<HttpValidationProblemDetails>>(() => client.ListWebhooksAsync(1, 1000, null, null, null, null, null));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Errors.Keys, Does.Contain("pageSize"));
    }
}
