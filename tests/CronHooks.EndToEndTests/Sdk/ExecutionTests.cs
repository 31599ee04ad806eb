using CronHooks.Client;

namespace CronHooks.EndToEndTests.Sdk;

public sealed class ExecutionTests : SdkTest
{
    [Test]
    public async Task TriggerWebhook_CreatesAManualAttempt_ThatListAndGetShow()
    {
        var client = await SignUpAsync();
        var webhook = await client.CreateWebhookAsync(Recurring());

        var triggered = await client.TriggerWebhookAsync(webhook.Id);
        var all = await client.ListExecutionsAsync(webhook.Id, null, null, null);
        var pending = await client.ListExecutionsAsync(webhook.Id, 1, 5, ExecutionStatus.Pending);
        var failed = await client.ListExecutionsAsync(webhook.Id, 1, 5, ExecutionStatus.Failed);
        var read = await client.GetExecutionAsync(triggered.Id);

        Assert.That(triggered.WebhookId, Is.EqualTo(webhook.Id));
        Assert.That(triggered.Trigger, Is.EqualTo(ExecutionTrigger.Manual));
        Assert.That(triggered.Status, Is.EqualTo(ExecutionStatus.Pending));
        Assert.That(triggered.AttemptNumber, Is.EqualTo(1));
        Assert.That(all.Items.Select(e => e.Id), Is.EqualTo(new[] { triggered.Id }));
        Assert.That(pending.TotalCount, Is.EqualTo(1));
        Assert.That(failed.TotalCount, Is.Zero);
        Assert.That(read.Id, Is.EqualTo(triggered.Id));
        Assert.That(read.ScheduledFor, Is.EqualTo(triggered.ScheduledFor));
    }

    [Test]
    public async Task GetExecution_WhenMissing_ThrowsNotFoundProblem()
    {
        var client = await SignUpAsync();

        var error = await Assert.ThrowsAsync<CronHooksApiException<ProblemDetails>>(() => client.GetExecutionAsync(Guid.NewGuid()));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
    }
}
