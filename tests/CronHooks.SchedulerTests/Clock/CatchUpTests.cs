using System.Text.Json;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// An occurrence Quartz fired whose enqueue never landed before its node stopped: the next node to start
/// enqueues it, by each webhook's missed-run policy, and a webhook with an alert URL hears of what it missed.
/// </summary>
[OwnDatabase, Parallelizable]
public sealed class CatchUpTests : SchedulerNodeTest
{
    private const string Cron = "* * * * *";

    [Test]
    public async Task NodeStart_WhenAFiredOccurrenceWasNeverEnqueued_EnqueuesItForRunOnceWebhooksAndRecordsItMissedAndAlertsForSkip()
    {
        using var alertReceiver = WireMockServer.Start();
        alertReceiver.Given(Request.Create().WithPath("/alert").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var first = await StartNodeAsync("first");
        var runOnce = await ClockTestData.InsertCronAsync(Owner, Cron, policy: MissedRunPolicy.RunOnce);
        var skip = await ClockTestData.InsertCronAsync(Owner, Cron, policy: MissedRunPolicy.Skip);
        // Stored encrypted, as the API stores an alert URL.
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET alert_url = $2 WHERE id = $1",
            skip, TestSecrets.Protector.ProtectAlertUrl(skip, $"http://127.0.0.1:{alertReceiver.Port}/alert")!);
        var key = ClockTestData.KeyOf(Cron);
        // A loaded machine may take a while to start the second node: this test is about the catch-up, not the window.
        await ClockTestData.SetCatchUpWindowAsync(600);
        await Eventually.HoldsAsync(() => ClockTestData.TriggerExistsAsync(key), TimeSpan.FromSeconds(10), () => "not scheduled");

        DateTimeOffset occurrence;
        // This owner's attempts cannot be written, as on a demoted primary, from just before an occurrence until the node has stopped.
        await using (await ClockTestData.RefuseAttemptsAsReadOnlyAsync(Owner))
        {
            var next = DateTimeOffset.UtcNow.AddMinutes(1);
            occurrence = new DateTimeOffset(next.UtcTicks - (next.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            // The trigger fires its lead before the occurrence.
            var fireTime = occurrence - new SchedulerOptions().CronLead;
            await Eventually.HoldsAsync(async () => await LastFiredAsync(key) == fireTime.UtcTicks, TimeSpan.FromSeconds(75),
                () => $"Quartz did not fire {occurrence:O}");
            // The firing has run into the fault by now (it starts within milliseconds of Quartz's).
            await Task.Delay(TimeSpan.FromSeconds(2));
            await first.StopAsync();
        }
        Assert.That(await OccurrenceCountAsync(runOnce, occurrence), Is.Zero, "the fault did not keep the occurrence out; the test proves nothing");

        var second = await StartNodeAsync("second", new() { ["Alerts:PollInterval"] = "00:00:01" });

        await Eventually.HoldsAsync(async () => await OccurrenceCountAsync(runOnce, occurrence) == 1, TimeSpan.FromSeconds(30),
            () => $"{occurrence:O} was not caught up");
        // The skip webhook's missed record follows the enqueue, in its own statement.
        await Eventually.HoldsAsync(async () => (await ClockTestData.SkippedAsync(skip)).Length > 0, TimeSpan.FromSeconds(10),
            () => "the skip webhook's occurrence was not recorded missed");
        Assert.That((await ClockTestData.SkippedAsync(skip)).Select(s => s.ScheduledFor), Is.EqualTo(new[] { occurrence.ToString("O") }),
            "a skip webhook's stale occurrence is recorded missed, not sent");
        Assert.That(second.Lines($"Schedule {key} occurrence .* fired but was never enqueued").Count(), Is.EqualTo(1));

        // The receiver answered 200, so once the alert is recorded sent no other POST can follow.
        await Eventually.HoldsAsync(async () => await AlertsAsync(skip) == "webhook.missed Sent", TimeSpan.FromSeconds(60),
            () => "the webhook.missed alert was not sent");
        var alerts = alertReceiver.LogEntries.Select(e => e.RequestMessage!).ToList();
        Assert.That(alerts, Has.Count.EqualTo(1), "one alert for the catch-up");
        Assert.That(alerts[0].Method, Is.EqualTo("POST"));
        var body = JsonDocument.Parse(alerts[0].Body!).RootElement;
        Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("webhook.missed"));
        Assert.That(body.GetProperty("webhookId").GetGuid(), Is.EqualTo(skip));
        Assert.That(body.GetProperty("missedOccurrences").GetInt32(), Is.EqualTo(1));
        Assert.That(body.GetProperty("scheduledFor").GetDateTimeOffset(), Is.EqualTo(occurrence), "the latest missed occurrence");
        Assert.That(body.GetProperty("errorKind").GetString(), Is.EqualTo("missed"));
        Assert.That(body.GetProperty("text").GetString(),
            Does.Contain($"missed 1 occurrence while no scheduler node ran. The latest missed was the occurrence of {occurrence:yyyy-MM-dd HH:mm:ss} UTC"));
        Assert.That(await AlertsAsync(runOnce), Is.Null, "a webhook without an alert URL is not alerted");
    }

    /// <summary>A webhook's alerts as "kind status", oldest first; null for none.</summary>
    private static Task<string?> AlertsAsync(Guid webhook) =>
        TestDatabase.ScalarAsync<string>("SELECT string_agg(kind || ' ' || status, ',' ORDER BY created_at) FROM alerts WHERE webhook_id = $1", webhook);

    private static async Task<long> LastFiredAsync(string key) =>
        await TestDatabase.ScalarAsync<long?>("SELECT prev_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = $1", key) ?? 0;

    private static async Task<long> OccurrenceCountAsync(Guid webhook, DateTimeOffset occurrence) =>
        await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE webhook_id = $1 AND scheduled_for = $2", webhook, occurrence);
}
