using CronHooks.Domain.Alerts;
using CronHooks.Domain.Callbacks;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Alerts;
using CronHooks.SchedulerTests.Alerts;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Callbacks;

/// <summary>
/// Callbacks end to end on one in-process node: real deliveries, the callbacks their outcomes queue, and what the
/// callback receivers get (signed, with the attempt's facts, retried, never to a blocked address).
/// </summary>
internal sealed class CallbackTests : AlertTest
{
    private void Hook(int status, string body) =>
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

    private void Accepts(string path) =>
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithStatusCode(204));

    private Task<List<Execution>> FinishedAttemptsAsync(Webhook webhook, int count) =>
        Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            rows => rows.Count == count && rows.All(e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running)), Deadline,
            $"{count} finished attempts");

    [Test]
    public async Task Callback_AfterASuccessfulAttempt_ArrivesSignedWithTheAttemptsFactsAndNoFailureCallback()
    {
        Hook(200, "all good");
        Accepts("/callback");
        Accepts("/failed");
        var secret = SigningSecret.Generate();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Name = "Nightly report";
            w.SigningSecret = secret;
            w.Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer for-the-receiver-only" };
            w.CallbackUrl = ReceiverUrl("/callback");
            w.FailureCallbackUrl = ReceiverUrl("/failed");
        });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var attempt = (await FinishedAttemptsAsync(webhook, 1)).Single();
        var row = (await SettledAlertsAsync(webhook.Id, 1)).Single();

        var received = AlertsReceived("/callback");
        Assert.That(received, Has.Count.EqualTo(1));
        var callback = received[0];
        var body = callback.Json;
        Assert.Multiple(() =>
        {
            Assert.That(row.Kind, Is.EqualTo(CallbackKinds.Attempt));
            Assert.That(row.Status, Is.EqualTo(nameof(AlertStatus.Sent)));
            Assert.That(RequestsTo("/failed"), Is.Zero, "the occurrence did not fail");
            Assert.That(callback.VerifiesWith(SigningSecret.ForAlerts(secret)), Is.True, "signed like an alert: with the alert secret derived from the webhook's");
            Assert.That(callback.VerifiesWith(secret), Is.False, "replayed to the webhook's own receiver, a callback must not verify as a delivery");
            Assert.That(callback.Id, Is.EqualTo(AlertSender.MessageId(row.Id)));
            Assert.That(callback.Headers.ContainsKey("Authorization"), Is.False, "the webhook's own headers are not for the callback URL");
            Assert.That(callback.Type, Is.EqualTo("attempt.finished"));
            Assert.That(body.GetProperty("callbackId").GetGuid(), Is.EqualTo(row.Id));
            Assert.That(body.GetProperty("webhookId").GetGuid(), Is.EqualTo(webhook.Id));
            Assert.That(body.GetProperty("webhookName").GetString(), Is.EqualTo("Nightly report"));
            Assert.That(body.GetProperty("executionId").GetGuid(), Is.EqualTo(attempt.Id));
            Assert.That(body.GetProperty("scheduledFor").GetDateTimeOffset(), Is.EqualTo(attempt.ScheduledFor));
            Assert.That(body.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(body.GetProperty("responseCode").GetInt32(), Is.EqualTo(200));
            Assert.That(body.GetProperty("durationMs").GetInt32(), Is.EqualTo(attempt.DurationMs));
            Assert.That(body.GetProperty("errorKind").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(body.GetProperty("responseBody").GetString(), Is.EqualTo("all good"));
            Assert.That(body.GetProperty("responseTruncated").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("executedAt").GetDateTimeOffset(), Is.EqualTo(attempt.ExecutedAt!.Value).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task FailureCallback_WhenRetriesAreExhausted_IsCalledOnceAfterTheFinalFailureWhileFailingCallbackSendsAreRetried()
    {
        Hook(500, "down for maintenance");
        var refused = 0;
        // The callback receiver refuses the first callback it gets: it is sent again, with the same webhook-id.
        Receiver.Given(Request.Create().WithPath("/callback")).RespondWith(Response.Create().WithCallback(_ =>
            new WireMock.ResponseMessage { StatusCode = Interlocked.Increment(ref refused) == 1 ? 503 : 200 }));
        Accepts("/failed");
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.MaxRetries = 1;
            w.RetryDelaySeconds = 1;
            w.CallbackUrl = ReceiverUrl("/callback");
            w.FailureCallbackUrl = ReceiverUrl("/failed");
        });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var attempts = await FinishedAttemptsAsync(webhook, 2);
        var rows = await SettledAlertsAsync(webhook.Id, 3);

        var callbacks = rows.Where(r => r.Kind == CallbackKinds.Attempt).ToList();
        var failure = rows.Single(r => r.Kind == CallbackKinds.Failure);
        var failed = AlertsReceived("/failed");
        var reports = AlertsReceived("/callback");
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.Status), Is.EqualTo(new[] { ExecutionStatus.Retrying, ExecutionStatus.Failed }));
            Assert.That(callbacks.Select(c => c.ExecutionId), Is.EquivalentTo(attempts.Select(a => a.Id)), "one callback per attempt");
            Assert.That(callbacks.Select(c => c.Status), Is.All.EqualTo(nameof(AlertStatus.Sent)));
            Assert.That(callbacks.Sum(c => c.Attempts), Is.EqualTo(3), "the refused send was tried again");
            Assert.That(reports, Has.Count.EqualTo(3));
            Assert.That(reports.Select(r => r.Json.GetProperty("status").GetString()).Distinct(), Is.EquivalentTo(new[] { "retrying", "failed" }));
            Assert.That(reports.Select(r => r.Json.GetProperty("responseBody").GetString()), Is.All.EqualTo("down for maintenance"));

            Assert.That(failure.ExecutionId, Is.EqualTo(attempts[1].Id), "only the final failure");
            Assert.That(failure.Status, Is.EqualTo(nameof(AlertStatus.Sent)));
            Assert.That(failed, Has.Count.EqualTo(1));
            Assert.That(failed[0].Type, Is.EqualTo("occurrence.failed"));
            Assert.That(failed[0].Json.GetProperty("attempt").GetInt32(), Is.EqualTo(2));
            Assert.That(failed[0].Json.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(failed[0].Json.GetProperty("errorKind").GetString(), Is.EqualTo("http_status"));
            Assert.That(failed[0].Json.GetProperty("responseCode").GetInt32(), Is.EqualTo(500));
        });
    }

    [Test]
    public async Task Callback_WhenTheUrlIsABlockedAddress_IsNeverCalledAndRecordedAsBlocked()
    {
        Hook(200, "ok");
        Accepts("/callback");
        // 127.0.0.2 is loopback (it reaches the receiver), but only 127.0.0.1/32 is allowed to the test node.
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.CallbackUrl = $"http://127.0.0.2:{Receiver.Port}/callback");
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var row = (await SettledAlertsAsync(webhook.Id, 1)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(row.Kind, Is.EqualTo(CallbackKinds.Attempt));
            Assert.That(row.Status, Is.EqualTo(nameof(AlertStatus.Failed)));
            Assert.That(row.LastErrorKind, Is.EqualTo("blocked_destination"));
            Assert.That(row.Attempts, Is.EqualTo(1), "a refused address is not tried again");
            Assert.That(RequestsTo("/callback"), Is.Zero);
        });
    }
}
