using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class WebhookKeyTests : SdkTest
{
    [Test]
    public async Task CreateWebhook_WhenGivenAKey_CanBeFoundByIt()
    {
        var client = await SignUpAsync();
        var request = Recurring();
        request.Key = "nightly-report";
        var created = await client.CreateWebhookAsync(request);
        await client.CreateWebhookAsync(Recurring());

        var found = await client.ListWebhooksAsync(1, 10, null, null, null, null, "nightly-report");

        Assert.That(created.Key, Is.EqualTo("nightly-report"));
        Assert.That(found.Items.Select(w => w.Id), Is.EqualTo(new[] { created.Id }));
    }

    [Test]
    public async Task CreateWebhook_WhenTheKeyIsTakenByTheSameUser_ThrowsConflictAndCreatesNothing()
    {
        var client = await SignUpAsync();
        var request = Recurring();
        request.Key = "report";
        await client.CreateWebhookAsync(request);

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => client.CreateWebhookAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(409));
        Assert.That(error.Detail, Does.Contain("key 'report'"));
        Assert.That((await client.ListWebhooksAsync(1, 10, null, null, null, null, null)).TotalCount, Is.EqualTo(1));
    }

    [Test]
    public async Task CreateWebhook_WhenAnotherUserHasTheKey_Succeeds()
    {
        var request = Recurring();
        request.Key = "report";
        await (await SignUpAsync()).CreateWebhookAsync(request);

        var created = await (await SignUpAsync()).CreateWebhookAsync(request);

        Assert.That(created.Key, Is.EqualTo("report"));
    }

    [Test]
    public async Task CreateWebhook_WhenTheKeyHasForbiddenCharacters_ThrowsValidationProblemNamingKey()
    {
        var client = await SignUpAsync();
        var request = Recurring();
        request.Key = "no spaces/slashes";

        var error = await Assert.ThrowsAsync<CronHooksApiException<HttpValidationProblemDetails>>(() => client.CreateWebhookAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Errors.Keys, Is.EquivalentTo(new[] { "key" }));
    }

    [Test]
    public async Task UpdateWebhook_WhenTheKeyBelongsToAnotherOfTheUsersWebhooks_ThrowsConflict()
    {
        var client = await SignUpAsync();
        var first = Recurring();
        first.Key = "first";
        await client.CreateWebhookAsync(first);
        var second = await client.CreateWebhookAsync(Recurring());

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() =>
            client.PatchWebhookAsync(second.Id, new WebhookMergePatch { Key = "first" }));

        Assert.That(error!.StatusCode, Is.EqualTo(409));
        Assert.That((await client.GetWebhookAsync(second.Id)).Key, Is.Null);
    }

    [Test]
    public async Task PatchWebhook_WhenTheKeyIsNotInThePatch_KeepsIt()
    {
        var client = await SignUpAsync();
        var request = Recurring();
        request.Key = "kept";
        var created = await client.CreateWebhookAsync(request);

        var patched = await client.PatchWebhookAsync(created.Id, new WebhookMergePatch { Name = "renamed" });
        var samePut = await client.UpdateWebhookAsync(created.Id, new UpdateWebhookRequest
        {
            Key = "kept", Name = "renamed", Url = request.Url, ScheduleType = ScheduleType.Recurring,
            CronExpression = request.CronExpression, Timezone = request.Timezone,
        });

        Assert.That(patched.Key, Is.EqualTo("kept"));
        Assert.That(patched.Name, Is.EqualTo("renamed"));
        Assert.That(samePut.Key, Is.EqualTo("kept"), "replacing a webhook with its own key is no conflict");
    }
}
