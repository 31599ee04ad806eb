using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// An occurrence Quartz fired whose enqueue never landed before its node stopped: the next node to start
/// enqueues it, by each webhook's missed-run policy.
/// </summary>
[OwnDatabase, Parallelizable]
public sealed class CatchUpTests : SchedulerNodeTest
{
    private const string Cron = "* * * * *";

    [Test]
    public async Task NodeStart_WhenAFiredOccurrenceWasNeverEnqueued_EnqueuesItForRunOnceWebhooksAndRecordsItMissedForSkip()
    {
        var first = await StartNodeAsync("first");
        var runOnce = await ClockTestData.InsertCronAsync(Owner, Cron, policy: MissedRunPolicy.RunOnce);
        var skip = await ClockTestData.InsertCronAsync(Owner, Cron, policy: MissedRunPolicy.Skip);
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

        var second = await StartNodeAsync("second");

        await Eventually.HoldsAsync(async () => await OccurrenceCountAsync(runOnce, occurrence) == 1, TimeSpan.FromSeconds(30),
            () => $"{occurrence:O} was not caught up");
        // The same statement decided about both webhooks, so the skip one's fate is settled.
        Assert.That((await ClockTestData.SkippedAsync(skip)).Select(s => s.ScheduledFor), Is.EqualTo(new[] { occurrence.ToString("O") }),
            "a skip webhook's stale occurrence is recorded missed, not sent");
        Assert.That(second.Lines($"Schedule {key} occurrence .* fired but was never enqueued").Count(), Is.EqualTo(1));
    }

    private static async Task<long> LastFiredAsync(string key) =>
        await TestDatabase.ScalarAsync<long?>("SELECT prev_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = $1", key) ?? 0;

    private static async Task<long> OccurrenceCountAsync(Guid webhook, DateTimeOffset occurrence) =>
        await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE webhook_id = $1 AND scheduled_for = $2", webhook, occurrence);
}
