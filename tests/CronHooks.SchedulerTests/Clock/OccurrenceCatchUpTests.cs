using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Which occurrence the catch-up enqueues, against the real schema, with Quartz's trigger row written as Quartz
/// leaves it after a firing and the watermark as the enqueue left it.
/// </summary>
[NonParallelizable]
public sealed class OccurrenceCatchUpTests
{
    private const string Cron = "*/5 * * * *";
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 1, 9, 15, 0, TimeSpan.Zero);
    private static readonly string Key = ClockTestData.KeyOf(Cron);
    private NpgsqlDataSource dataSource = null!;
    private FakeTimeProvider clock = null!;
    private OccurrenceCatchUp catchUp = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUp()
    {
        await ClockTestData.ResetAsync();
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        clock = new FakeTimeProvider(Occurrence);
        catchUp = new OccurrenceCatchUp(dataSource, new DueWebhookEnqueuer(dataSource), ClockTestData.MissedOccurrences(dataSource), Options.Create(new SchedulerOptions()), clock,
            NullLogger<OccurrenceCatchUp>.Instance);
        owner = await ClockTestData.CreateUserAsync();
        await ClockTestData.ExecuteAsync("""
            INSERT INTO quartz.qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery)
            VALUES ($1, $2, $3, 'test', true, false, false, true)
            """, ClockServices.SchedulerName, ScheduleTriggers.EnqueueJob.Name, ScheduleTriggers.EnqueueJob.Group);
    }

    [TearDown]
    public async Task TearDown() => await dataSource.DisposeAsync();

    [Test]
    public async Task RunAsync_WhenQuartzFiredPastTheWatermark_EnqueuesThatOccurrenceLateForWebhooksThatExistedThen()
    {
        var runOnce = await InsertWebhookAsync(MissedRunPolicy.RunOnce);
        var skip = await InsertWebhookAsync(MissedRunPolicy.Skip);
        await FiredAsync(lastFired: Occurrence, watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(1));

        var caughtUp = await catchUp.RunAsync(CancellationToken.None);

        Assert.That(caughtUp, Is.EqualTo(1));
        Assert.That((await ClockTestData.ExecutionsAsync(runOnce)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
        Assert.That((await ClockTestData.ExecutionsAsync(skip)).Select(e => e.Status), Is.EqualTo(new[] { "Skipped" }), "late: a skip webhook gets no stale occurrence");
        Assert.That((await ClockTestData.SkippedAsync(skip)).Single().Message, Does.Contain("missedRunPolicy skip"), "recorded missed, not silent");
        Assert.That(await WatermarkAsync(), Is.EqualTo(Occurrence.UtcDateTime));
        Assert.That(await catchUp.RunAsync(CancellationToken.None), Is.Zero, "caught up once");
    }

    [Test]
    public async Task RunAsync_WhenTheOccurrenceIsYoungerThanTheMisfireThreshold_LeavesItToTheFiring()
    {
        var webhook = await InsertWebhookAsync(MissedRunPolicy.RunOnce);
        await FiredAsync(lastFired: Occurrence, watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddSeconds(10));

        Assert.That(await catchUp.RunAsync(CancellationToken.None), Is.Zero);
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.Zero);
    }

    [Test]
    public async Task RunAsync_WhenQuartzHasNotFiredPastTheWatermark_EnqueuesNothing()
    {
        // Every node was down since 09:10: the trigger's misfire is Quartz's to handle (one firing for the latest).
        var webhook = await InsertWebhookAsync(MissedRunPolicy.RunOnce);
        await FiredAsync(lastFired: Occurrence.AddMinutes(-5), watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        Assert.That(await catchUp.RunAsync(CancellationToken.None), Is.Zero);
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.Zero);
    }

    [Test]
    public async Task RunAsync_AfterSeveralLostFirings_EnqueuesOnlyTheMostRecentOneAndRecordsTheOthersMissed()
    {
        var webhook = await InsertWebhookAsync(MissedRunPolicy.RunOnce);
        await ClockTestData.SetCatchUpWindowAsync(3600);
        await FiredAsync(lastFired: Occurrence.AddMinutes(10), watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        await catchUp.RunAsync(CancellationToken.None);

        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Where(e => e.Status != "Skipped").Select(e => e.ScheduledFor),
            Is.EqualTo(new[] { Occurrence.AddMinutes(10).ToString("O") }), "one attempt stands for what was missed");
        Assert.That((await ClockTestData.SkippedAsync(webhook)).Select(e => e.ScheduledFor),
            Is.EqualTo(new[] { Occurrence.ToString("O"), Occurrence.AddMinutes(5).ToString("O") }), "the others are accounted for");
    }

    [Test]
    public async Task RunAsync_WhenTheLostOccurrencesAreOlderThanTheCatchUpWindow_RecordsThemMissedAndRunsNone()
    {
        var webhook = await InsertWebhookAsync(MissedRunPolicy.All);
        await FiredAsync(lastFired: Occurrence.AddMinutes(10), watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        await catchUp.RunAsync(CancellationToken.None);

        var missed = await ClockTestData.SkippedAsync(webhook);
        Assert.That(missed.Select(e => e.ScheduledFor), Is.EqualTo(new[] { 0, 5, 10 }.Select(m => Occurrence.AddMinutes(m).ToString("O"))));
        Assert.That(missed[0].Message, Is.EqualTo("missed: no scheduler node ran within the catch-up window of 60 s after 2027-03-01T09:15:00Z."));
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.EqualTo(3), "nothing queued");
    }

    [Test]
    public async Task RunAsync_WithMissedRunPolicyAll_QueuesEveryOccurrenceWithinTheWindowInOrder()
    {
        var webhook = await InsertWebhookAsync(MissedRunPolicy.All);
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET catchup_window_seconds = 600");
        await FiredAsync(lastFired: Occurrence.AddMinutes(10), watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        await catchUp.RunAsync(CancellationToken.None);

        // 09:15 is 12 minutes old, beyond the 10-minute window; 09:20 and 09:25 run, each as its own occurrence, due in order.
        var queued = (await ClockTestData.ExecutionsAsync(webhook)).Where(e => e.Status == "Pending").ToList();
        Assert.That(queued.Select(e => e.ScheduledFor), Is.EqualTo(new[] { 5, 10 }.Select(m => Occurrence.AddMinutes(m).ToString("O"))));
        Assert.That(queued[0].DueAt, Is.LessThan(queued[1].DueAt));
        Assert.That((await ClockTestData.SkippedAsync(webhook)).Select(e => e.ScheduledFor), Is.EqualTo(new[] { Occurrence.ToString("O") }));
    }

    [Test]
    public async Task RunAsync_WhenOccurrencesAreMissedAndTheWebhookHasAnAlertUrl_QueuesOneWebhookMissedAlertCountingThem()
    {
        var webhook = await InsertWebhookAsync(MissedRunPolicy.Skip);
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET alert_url = 'stored-encrypted' WHERE id = $1", webhook);
        await FiredAsync(lastFired: Occurrence.AddMinutes(10), watermark: Occurrence.AddMinutes(-5));
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        await catchUp.RunAsync(CancellationToken.None);
        await catchUp.RunAsync(CancellationToken.None);

        Assert.That(await TestDatabase.ScalarAsync<string>(
                "SELECT string_agg(kind || ' ' || missed_occurrences || ' ' || to_char(scheduled_for AT TIME ZONE 'UTC', 'HH24:MI'), ',') FROM alerts WHERE webhook_id = $1", webhook),
            Is.EqualTo("webhook.missed 3 09:25"), "one alert per catch-up, not one per occurrence, and none for a repeated pass");
    }

    [Test]
    public async Task RunAsync_ForAnIntervalSchedule_EnqueuesTheLatestOccurrenceOnItsGridAndRecordsTheEarlierOneMissed()
    {
        // Every 7 minutes from 08:15: 09:25 is on the grid, the firing Quartz last made stood for it; 09:18 was lost before it.
        var webhook = await ClockTestData.InsertJitteredAsync(owner, 0, intervalSeconds: 420, anchor: Occurrence.AddHours(-1),
            createdAt: Occurrence.AddHours(-1));
        await ClockTestData.SetCatchUpWindowAsync(3600);
        await FiredAsync(lastFired: Occurrence.AddMinutes(10), watermark: Occurrence.AddMinutes(-4), webhook.ScheduleKey);
        clock.SetUtcNow(Occurrence.AddMinutes(12));

        Assert.That(await catchUp.RunAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That((await ClockTestData.ExecutionsAsync(webhook.Id)).Where(e => e.Status != "Skipped").Select(e => e.ScheduledFor),
            Is.EqualTo(new[] { Occurrence.AddMinutes(10).ToString("O") }));
        Assert.That((await ClockTestData.SkippedAsync(webhook.Id)).Select(e => e.ScheduledFor),
            Is.EqualTo(new[] { Occurrence.AddMinutes(3).ToString("O") }), "the interval's lost occurrence is accounted for, as a cron's");
    }

    private async Task<Guid> InsertWebhookAsync(MissedRunPolicy policy)
    {
        var id = await ClockTestData.InsertCronAsync(owner, Cron, policy: policy);
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET created_at = $2 WHERE id = $1", id, Occurrence.AddHours(-1));
        return id;
    }

    /// <summary>The trigger as Quartz leaves it after firing <paramref name="lastFired"/>, and the schedule's watermark.</summary>
    private static async Task FiredAsync(DateTimeOffset lastFired, DateTimeOffset watermark, string? key = null)
    {
        key ??= Key;
        await ClockTestData.ExecuteAsync("""
            INSERT INTO quartz.qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, trigger_state, trigger_type,
                                              start_time, prev_fire_time, next_fire_time)
            VALUES ($1, $2, $3, $4, $5, 'WAITING', 'CRON', 0, $6, $7)
            """, ClockServices.SchedulerName, key, ScheduleTriggers.Group, ScheduleTriggers.EnqueueJob.Name, ScheduleTriggers.EnqueueJob.Group,
            lastFired.UtcTicks, lastFired.AddMinutes(5).UtcTicks);
        await ClockTestData.ExecuteAsync("INSERT INTO schedule_watermarks (schedule_key, enqueued_through) VALUES ($1, $2)", key, watermark);
    }

    private static async Task<DateTime> WatermarkAsync() =>
        await TestDatabase.ScalarAsync<DateTime>("SELECT enqueued_through FROM schedule_watermarks WHERE schedule_key = $1", Key);
}
