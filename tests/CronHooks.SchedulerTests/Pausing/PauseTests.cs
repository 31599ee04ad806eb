using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Pausing;
using CronHooks.SchedulerTests.Alerts;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CronHooks.SchedulerTests.Pausing;

/// <summary>
/// An owner's pause on one in-process node: occurrences recorded skipped while paused, the resume at pausedUntil,
/// skip-next, and a webhook that pauses itself after failed occurrences in a row (with its alert).
/// </summary>
internal sealed class PauseTests : AlertTest
{
    private static readonly Dictionary<string, string?> FastSweep = new(FastAlerts) { ["PauseSweep:Interval"] = "00:00:00.200" };

    private void Hook(int status) =>
        Receiver.Given(Request.Create().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(status));

    private Task StartNodeWithSweepAsync() => StartNodeAsync(FastSweep, configure: b => b.Services.AddPausing());

    private Task<List<Execution>> FinishedAttemptsAsync(Guid webhookId, int count) =>
        Eventually.ReturnsAsync(() => Data.ExecutionsAsync(webhookId),
            rows => rows.Count == count && rows.All(e => e.Status is not (ExecutionStatus.Pending or ExecutionStatus.Running)), Deadline,
            $"{count} finished attempts");

    [Test]
    public async Task PauseSweep_WhenAPauseEndedWhileOccurrencesCameDue_RecordsEachSkippedPausedThenResumesWithAnAuditEntry()
    {
        var now = DateTimeOffset.UtcNow;
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.ScheduleType = ScheduleType.Recurring;
            w.ScheduledAt = null;
            w.CronExpression = "* * * * *";
            w.IsActive = false;
            w.PausedBy = PausedBy.Owner;
            w.PauseNote = "receiver migration";
            w.PausedAt = now.AddSeconds(-200);
            w.PausedUntil = now.AddSeconds(-20);
            w.RefreshScheduleKey();
        });
        var expected = Enumerable.Range(0, 4).Select(m => Minute(now.AddSeconds(-200)).AddMinutes(m + 1)).Where(o => o <= now.AddSeconds(-20)).ToList();

        await StartNodeWithSweepAsync();

        var resumed = await Eventually.ReturnsAsync(
            () => Data.ScalarAsync<bool>("SELECT is_active AND paused_by IS NULL AND resumed_at IS NOT NULL FROM webhooks WHERE id = @p0", webhook.Id),
            ok => ok, Deadline, "the webhook resumed at its pausedUntil");
        var rows = await Data.ExecutionsAsync(webhook.Id);
        Assert.That(resumed, Is.True);
        Assert.That(rows.Select(r => r.ScheduledFor), Is.EqualTo(expected), "one row per occurrence of the pause, none after it");
        Assert.That(rows.Select(r => (r.Status, r.ErrorKind)), Is.All.EqualTo((ExecutionStatus.Skipped, "paused")));
        Assert.That(rows[0].ErrorMessage, Does.Contain("receiver migration"));
        Assert.That(RequestsTo("/hook"), Is.Zero);
        var audit = await Data.ScalarAsync<string>(
            "SELECT actor_kind || ' ' || action FROM audit_log WHERE entity_id = @p0 ORDER BY id DESC LIMIT 1", webhook.Id.ToString());
        Assert.That(audit, Is.EqualTo("System ResumeAtPausedUntil"));
        Assert.That(await Data.ScalarAsync<long>("SELECT count(*) FROM schedule_outbox WHERE schedule_key = @p0", webhook.ScheduleKey), Is.Positive,
            "the clock is told to arm the schedule again");
    }

    [Test]
    public async Task Delivery_WhenSkipNextIsSetAndAQueuedOccurrenceIsPaused_SkipsOneScheduledOccurrenceAndSendsTheRest()
    {
        Hook(200);
        var skipping = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w => w.SkipNext = 1);
        var paused = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.IsActive = false;
            w.PausedBy = PausedBy.Owner;
            w.PausedAt = DateTimeOffset.UtcNow;
        });
        var now = DateTimeOffset.UtcNow;
        await Data.EnqueueAsync(skipping, now.AddSeconds(-2));
        await Data.EnqueueAsync(skipping, now.AddSeconds(-1));
        await Data.EnqueueAsync(skipping, now, trigger: ExecutionTrigger.Manual);
        await Data.EnqueueAsync(paused, now.AddSeconds(-1));

        await StartNodeAsync(FastAlerts);

        var rows = await FinishedAttemptsAsync(skipping.Id, 3);
        var pausedRows = await FinishedAttemptsAsync(paused.Id, 1);
        Assert.That(rows.Count(r => r.Status == ExecutionStatus.Skipped && r.ErrorKind == "paused" && r.Trigger == ExecutionTrigger.Schedule), Is.EqualTo(1));
        Assert.That(rows.Count(r => r.Status == ExecutionStatus.Success), Is.EqualTo(2), "the other occurrence and the run-now are sent");
        Assert.That(await Data.ScalarAsync<int>("SELECT skip_next FROM webhooks WHERE id = @p0", skipping.Id), Is.Zero);
        Assert.That((pausedRows[0].Status, pausedRows[0].ErrorKind), Is.EqualTo((ExecutionStatus.Skipped, "paused")));
    }

    [Test]
    public async Task Delivery_WhenOccurrencesFailInARowUpToPauseAfterFailures_PausesTheWebhookWithANoteAndSendsAWebhookPausedAlert()
    {
        Hook(500);
        Receiver.Given(Request.Create().WithPath("/alert")).RespondWith(Response.Create().WithStatusCode(200));
        var webhook = await Data.CreateWebhookAsync(Owner, ReceiverUrl("/hook"), w =>
        {
            w.Name = "Nightly export";
            w.MaxRetries = 1;
            w.RetryDelaySeconds = 1;
            w.PauseAfterFailures = 2;
            w.AlertUrl = ReceiverUrl("/alert");
        });
        var now = DateTimeOffset.UtcNow;
        await Data.EnqueueAsync(webhook, now.AddSeconds(-2));
        await StartNodeAsync(FastAlerts);
        await FinishedAttemptsAsync(webhook.Id, 2);
        var afterOne = await Data.ScalarAsync<bool>("SELECT is_active FROM webhooks WHERE id = @p0", webhook.Id);

        await Data.EnqueueAsync(webhook, now.AddSeconds(-1));
        await FinishedAttemptsAsync(webhook.Id, 4);

        var paused = await Eventually.ReturnsAsync(
            () => Data.ScalarAsync<string>("SELECT coalesce(paused_by, '') || ': ' || coalesce(pause_note, '') FROM webhooks WHERE id = @p0 AND NOT is_active", webhook.Id),
            note => note is not null, Deadline, "the webhook paused itself");
        Assert.That(afterOne, Is.True, "one failed occurrence (two failed attempts) is below the setting: retries do not count");
        Assert.That(paused, Is.EqualTo("Owner: paused after 2 consecutive failed occurrences; last error: http_status (HTTP 500)"));
        var alert = await Eventually.ReturnsAsync(() => Task.FromResult(AlertsReceived().FirstOrDefault(a => a.Type == "webhook.paused")),
            a => a is not null, Deadline, "a webhook.paused alert");
        Assert.That(alert!.Json.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(2));
        Assert.That(alert.Json.GetProperty("text").GetString(), Does.StartWith("CronHooks: webhook \"Nightly export\" paused itself: 2 occurrences in a row failed."));
        Assert.That(await Data.ScalarAsync<string>("SELECT actor_kind || ' ' || action FROM audit_log WHERE entity_id = @p0", webhook.Id.ToString()),
            Is.EqualTo("System PauseAfterFailures"));
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
