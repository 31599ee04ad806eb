using System.Text;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;
using CronHooks.Scheduler.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Alerts;

/// <summary>
/// Failure alerts end to end on one in-process node: real deliveries to a failing receiver, the alerts
/// they queue, and what the alert receiver gets (signed, once per event).
/// </summary>
internal sealed class AlertTests : AlertTest
{
    private void Hook(int status) =>
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(status));

    private void AlertReceiver(int status = 200) =>
        Receiver.Given(Request.Create().WithPath("/alert")).RespondWith(Response.Create().WithStatusCode(status));

    /// <summary>
    /// Answers <paramref name="status"/> to the first request and 200 to every later one. A counter, not a
    /// WireMock scenario: a scenario's first mapping can still match after the state moved on.
    /// </summary>
    private void FailsFirst(string path, int status)
    {
        var requests = 0;
        Receiver.Given(Request.Create().WithPath(path)).RespondWith(Response.Create().WithCallback(_ =>
            new WireMock.ResponseMessage { StatusCode = Interlocked.Increment(ref requests) == 1 ? status : 200 }));
    }

    private async Task<double> AlertSendsAsync(string outcome)
    {
        using var stream = new MemoryStream();
        await Node!.Services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(stream);
        return PrometheusText.Parse(Encoding.UTF8.GetString(stream.ToArray()))
            .Sum("cronhooks_alerts_total", ("kind", "occurrence.failed"), ("outcome", outcome));
    }

    private Task<List<Execution>> FinishedAttemptsAsync(Webhook webhook, int count) =>
        Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhook.Id),
            rows => rows.Count == count && rows.All(e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running)), Deadline,
            $"{count} finished attempts");

    [Test]
    public async Task Alert_WhenAnOccurrenceExhaustsItsRetries_SendsOneSignedOccurrenceFailedAlert()
    {
        Hook(500);
        AlertReceiver();
        var secret = SigningSecret.Generate();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Name = "Nightly <report> & co";
            w.SigningSecret = secret;
            w.MaxRetries = 1;
            w.RetryDelaySeconds = 1;
            w.Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer for-the-receiver-only" };
            w.AlertUrl = ReceiverUrl("/alert");
        });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var attempts = await FinishedAttemptsAsync(webhook, 2);
        var alerts = await SettledAlertsAsync(webhook.Id, 1);

        var received = AlertsReceived();
        Assert.That(received, Has.Count.EqualTo(1));
        var alert = received[0];
        var body = alert.Json;
        var text = body.GetProperty("text").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.Status), Is.EqualTo(new[] { ExecutionStatus.Retrying, ExecutionStatus.Failed }));
            Assert.That(alerts[0].Kind, Is.EqualTo(AlertKinds.OccurrenceFailed));
            Assert.That(alerts[0].Status, Is.EqualTo(nameof(AlertStatus.Sent)));
            Assert.That(alert.VerifiesWith(SigningSecret.ForAlerts(secret)), Is.True, "signed with the alert secret derived from the webhook's");
            Assert.That(alert.VerifiesWith(secret), Is.False, "replayed to the webhook's own receiver, an alert must not verify as a delivery");
            Assert.That(alert.VerifiesWith(SigningSecret.Generate()), Is.False);
            Assert.That(alert.Id, Is.EqualTo(AlertSender.MessageId(alerts[0].Id)));
            Assert.That(alert.Headers.ContainsKey("Authorization"), Is.False, "the webhook's own headers are not for the alert URL");
            Assert.That(alert.Type, Is.EqualTo("occurrence.failed"));
            Assert.That(body.GetProperty("webhookId").GetGuid(), Is.EqualTo(webhook.Id));
            Assert.That(body.GetProperty("webhookName").GetString(), Is.EqualTo("Nightly <report> & co"));
            Assert.That(body.GetProperty("executionId").GetGuid(), Is.EqualTo(attempts[1].Id));
            Assert.That(body.GetProperty("scheduledFor").GetDateTimeOffset(), Is.EqualTo(attempts[1].ScheduledFor));
            Assert.That(body.GetProperty("attempt").GetInt32(), Is.EqualTo(2));
            Assert.That(body.GetProperty("errorKind").GetString(), Is.EqualTo("http_status"));
            Assert.That(body.GetProperty("responseCode").GetInt32(), Is.EqualTo(500));
            Assert.That(body.GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(attempts[1].ExecutedAt!.Value).Within(TimeSpan.FromMilliseconds(1)));
            // Slack shows `text`; the name is escaped so Slack does not read it as markup.
            Assert.That(text, Does.Contain("\"Nightly &lt;report&gt; &amp; co\" failed"));
            Assert.That(text, Does.Contain("after attempt 2: http_status (HTTP 500)"));
        });
    }

    [Test]
    public async Task Alert_WhenAttemptsFailNTimesInARow_SendsOneWebhookFailingAlert()
    {
        Hook(503);
        AlertReceiver();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.AlertUrl = ReceiverUrl("/alert");
            w.AlertConsecutiveFailures = 2;
        });
        var now = DateTimeOffset.UtcNow;
        for (var i = 4; i >= 1; i--)
            await Data.EnqueueAsync(webhook, now.AddSeconds(-i));
        await StartNodeAsync(FastAlerts);

        await FinishedAttemptsAsync(webhook, 4);
        // Four exhausted occurrences and one streak that reached 2 (and went on to 4).
        var alerts = await SettledAlertsAsync(webhook.Id, 5);

        var failing = AlertsReceived().Where(a => a.Type == "webhook.failing").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(alerts.Count(a => a.Kind == AlertKinds.OccurrenceFailed), Is.EqualTo(4));
            Assert.That(alerts.Where(a => a.Kind == AlertKinds.WebhookFailing).Select(a => a.ConsecutiveFailures), Is.EqualTo(new[] { 2 }));
            Assert.That(failing, Has.Count.EqualTo(1));
            Assert.That(failing[0].Json.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(2));
            Assert.That(failing[0].Json.GetProperty("text").GetString(), Does.Contain("is failing: 2 attempts in a row failed"));
            Assert.That(AlertsReceived(), Has.Count.EqualTo(5));
        });
    }

    [Test]
    public async Task Alert_WhenAFailingWebhookSucceedsAgain_SendsOneRecoveredAlert()
    {
        FailsFirst("/hook", 500);
        AlertReceiver();
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.AlertUrl = ReceiverUrl("/alert");
            w.AlertConsecutiveFailures = 1;
        });
        await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddSeconds(-3));
        await StartNodeAsync(FastAlerts);
        var failed = (await FinishedAttemptsAsync(webhook, 1)).Single();

        // Two successes: the first ends the streak, the second is business as usual.
        await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddSeconds(-2));
        await FinishedAttemptsAsync(webhook, 2);
        await Data.EnqueueAsync(webhook, DateTimeOffset.UtcNow.AddSeconds(-1));
        var attempts = await FinishedAttemptsAsync(webhook, 3);
        var alerts = await SettledAlertsAsync(webhook.Id, 3);

        var recovered = AlertsReceived().Where(a => a.Type == "webhook.recovered").ToList();
        var streak = await Data.ScalarAsync<int>("SELECT failure_streak FROM webhook_delivery_state WHERE webhook_id = @p0", webhook.Id);
        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.Status), Is.EqualTo(new[] { ExecutionStatus.Failed, ExecutionStatus.Success, ExecutionStatus.Success }));
            Assert.That(alerts.Select(a => a.Kind), Is.EquivalentTo(new[] { AlertKinds.OccurrenceFailed, AlertKinds.WebhookFailing, AlertKinds.WebhookRecovered }));
            Assert.That(recovered, Has.Count.EqualTo(1));
            Assert.That(recovered[0].Json.GetProperty("executionId").GetGuid(), Is.EqualTo(attempts[1].Id));
            Assert.That(recovered[0].Json.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(1));
            Assert.That(recovered[0].Json.GetProperty("text").GetString(), Does.Contain("recovered"));
            Assert.That(failed.Status, Is.EqualTo(ExecutionStatus.Failed));
            Assert.That(streak, Is.Zero);
        });
    }

    [Test]
    public async Task Alert_WhenTheStreakEndsBelowN_SendsNeitherFailingNorRecovered()
    {
        FailsFirst("/hook", 500);
        AlertReceiver();
        // One retry: attempt 1 fails, attempt 2 succeeds. A streak of 1 with N = 3.
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.AlertUrl = ReceiverUrl("/alert");
            w.MaxRetries = 1;
            w.RetryDelaySeconds = 1;
        });
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var attempts = await FinishedAttemptsAsync(webhook, 2);

        Assert.That(attempts.Select(a => a.Status), Is.EqualTo(new[] { ExecutionStatus.Retrying, ExecutionStatus.Success }));
        Assert.That(await AlertsAsync(webhook.Id), Is.Empty, "queued with the outcomes, so none can arrive later");
    }

    [Test]
    public async Task Alert_WhenTheAlertReceiverFailsFirst_IsSentAgainAndArrivesOnceAccepted()
    {
        Hook(500);
        FailsFirst("/alert", 502);
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.AlertUrl = ReceiverUrl("/alert"));
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var alert = (await SettledAlertsAsync(webhook.Id, 1)).Single();

        var received = AlertsReceived();
        var execution = (await Data.ExecutionsAsync(webhook.Id)).Single();
        // Counted after the result is written, so it may trail the row by a moment.
        await Eventually.TrueAsync(async () => await AlertSendsAsync("sent") == 1 && await AlertSendsAsync("retrying") == 1,
            Deadline, "cronhooks_alerts_total to count one refused and one accepted send");
        Assert.Multiple(() =>
        {
            Assert.That(alert.Status, Is.EqualTo(nameof(AlertStatus.Sent)));
            Assert.That(alert.Attempts, Is.EqualTo(2));
            Assert.That(received, Has.Count.EqualTo(2), "the refused send and the accepted one");
            Assert.That(received.Select(r => r.Id).Distinct().Single(), Is.EqualTo(AlertSender.MessageId(alert.Id)), "the same webhook-id on both");
            Assert.That(execution.Status, Is.EqualTo(ExecutionStatus.Failed), "the alert's trouble is not the webhook's");
            Assert.That(execution.AttemptNumber, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Alert_WhenTheAlertUrlIsABlockedAddress_IsNotSentAndRecordedAsBlocked()
    {
        Hook(500);
        AlertReceiver();
        // 127.0.0.2 is loopback (it reaches the receiver), but only 127.0.0.1/32 is allowed to the test node.
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.AlertUrl = $"http://127.0.0.2:{Receiver.Port}/alert");
        await Data.EnqueueAsync(webhook);
        await StartNodeAsync(FastAlerts);

        var alert = (await SettledAlertsAsync(webhook.Id, 1)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(alert.Status, Is.EqualTo(nameof(AlertStatus.Failed)));
            Assert.That(alert.LastErrorKind, Is.EqualTo("blocked_destination"));
            Assert.That(alert.Attempts, Is.EqualTo(1), "a refused address is not tried again");
            Assert.That(AlertsReceived(), Is.Empty);
        });
    }
}
