using System.Globalization;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Observability;
using CronHooks.Scheduler.Clock;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// The job as Quartz runs it — on time, late after a misfire, re-run by another node after a crash —
/// against the real schema: every way of firing one occurrence must record the same occurrence.
/// </summary>
[NonParallelizable]
public sealed class EnqueueDueWebhooksJobTests
{
    private const string Cron = "*/5 * * * *";
    private static readonly DateTimeOffset Occurrence = new(2027, 3, 1, 9, 15, 0, TimeSpan.Zero);
    private NpgsqlDataSource dataSource = null!;
    private FakeTimeProvider clock = null!;
    private EnqueueDueWebhooksJob job = null!;
    private ApplicationLifetime lifetime = null!;
    private Prometheus.CollectorRegistry registry = null!;
    private Guid owner;

    [SetUp]
    public async Task SetUp()
    {
        await ClockTestData.ResetAsync();
        dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        clock = new FakeTimeProvider(Occurrence.AddMilliseconds(30));
        registry = Prometheus.Metrics.NewCustomRegistry();
        lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        job = new EnqueueDueWebhooksJob(new DueWebhookEnqueuer(dataSource), ClockTestData.MissedOccurrences(dataSource), dataSource, lifetime, Options.Create(new SchedulerOptions()),
            new SchedulerMetrics(Prometheus.Metrics.WithCustomRegistry(registry)), clock, NullLogger<EnqueueDueWebhooksJob>.Instance);
        owner = await ClockTestData.CreateUserAsync();
    }

    [TearDown]
    public async Task TearDown() => await dataSource.DisposeAsync();

    [Test]
    public async Task Execute_WhenACronTriggerFiresOnTime_EnqueuesItsOccurrence()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron, "Europe/Berlin");

        await job.Execute(Firing(ClockTestData.KeyOf(Cron, "Europe/Berlin"), scheduled: Occurrence));

        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
        Assert.That(await MisfiresAsync(), Is.Zero);
    }

    [Test]
    public async Task Execute_ForACronOccurrence_LeavesOutWebhooksCreatedAfterIt()
    {
        // A new schedule's trigger stored half a second into 09:15:00 fires at once for 09:15:00: a webhook created
        // at 09:15:00.5 did not exist then and must not get that occurrence; one created before it does.
        var existed = await ClockTestData.InsertCronAsync(owner, Cron, "Europe/Berlin");
        var later = await ClockTestData.InsertCronAsync(owner, Cron, "Europe/Berlin");
        await ClockTestData.ExecuteAsync("UPDATE webhooks SET created_at = $1 WHERE id = $2", Occurrence.AddMilliseconds(500), later);

        await job.Execute(Firing(ClockTestData.KeyOf(Cron, "Europe/Berlin"), scheduled: Occurrence));

        Assert.That(await ClockTestData.ExecutionsAsync(existed), Has.Length.EqualTo(1));
        Assert.That(await ClockTestData.ExecutionsAsync(later), Is.Empty);
    }

    [Test]
    public async Task Execute_AfterAMisfire_EnqueuesTheLastMissedOccurrenceOnceAndLeavesOutSkipWebhooks()
    {
        var runOnce = await ClockTestData.InsertCronAsync(owner, Cron, policy: MissedRunPolicy.RunOnce);
        var skip = await ClockTestData.InsertCronAsync(owner, Cron, policy: MissedRunPolicy.Skip);
        // FireAndProceed after an outage: Quartz reports the late moment itself as the scheduled time.
        var late = Occurrence.AddMinutes(2).AddSeconds(42);
        clock.SetUtcNow(late);

        await job.Execute(Firing(ClockTestData.KeyOf(Cron), scheduled: late));

        Assert.That((await ClockTestData.ExecutionsAsync(runOnce)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
        Assert.That((await ClockTestData.SkippedAsync(skip)).Select(e => e.ScheduledFor), Is.EqualTo(new[] { Occurrence.ToString("O") }),
            "a skip webhook's late occurrence is recorded missed, not sent");
        Assert.That(await MisfiresAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Execute_WhenANodeDiedMidFiringAndAnotherRecoversIt_EnqueuesNothingTwice()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron);
        var key = ClockTestData.KeyOf(Cron);
        await job.Execute(Firing(key, scheduled: Occurrence));

        // The recovery's own scheduled time is the dead node's actual fire time; the original is in the data map.
        clock.Advance(TimeSpan.FromSeconds(4));
        await job.Execute(Firing(key, scheduled: Occurrence.AddMilliseconds(153), recovering: true,
            originalScheduled: Occurrence.ToString(CultureInfo.InvariantCulture)));

        var rows = await ClockTestData.ExecutionsAsync(webhook);
        Assert.That(rows.Select(r => r.ScheduledFor), Is.EqualTo(new[] { Occurrence.ToString("O") }));
    }

    [Test]
    public async Task Execute_WhenARecoveredFiringRunsFirst_RecordsTheOriginalOccurrence()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron);
        clock.Advance(TimeSpan.FromSeconds(4));

        await job.Execute(Firing(ClockTestData.KeyOf(Cron), scheduled: Occurrence.AddMilliseconds(153), recovering: true,
            originalScheduled: Occurrence.ToString(CultureInfo.InvariantCulture)));

        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
    }

    [Test]
    public async Task Execute_ForAOneTimeSchedule_EnqueuesEachWebhookAtItsOwnInstant()
    {
        var at = Occurrence.AddMilliseconds(-400);
        var webhook = await ClockTestData.InsertOnceAsync(owner, at);

        await job.Execute(Firing(ScheduleKey.ForInstant(at), scheduled: Occurrence));

        var row = (await ClockTestData.ExecutionsAsync(webhook)).Single();
        Assert.That((row.ScheduledFor, row.DueAt), Is.EqualTo((at.ToString("O"), at)));
    }

    [Test]
    public async Task Execute_WhenTheDatabaseRefusesWritesForAWhile_KeepsTryingUntilTheOccurrenceIsIn()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron);
        // Two minutes late by the end: within the window, so the occurrence still runs.
        await ClockTestData.SetCatchUpWindowAsync(3600);
        var refusal = await ClockTestData.RefuseAttemptsAsReadOnlyAsync(owner);
        var firing = job.Execute(Firing(ClockTestData.KeyOf(Cron), scheduled: Occurrence)).AsTask();
        // Well past the 7 s that three quick retries would last: the firing keeps waiting for the database.
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(2); waited += TimeSpan.FromSeconds(1))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        Assert.That(firing.IsCompleted, Is.False, "the firing gave up while the database refused writes");

        await refusal.DisposeAsync();
        await AdvanceUntilAsync(firing);

        await firing;
        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
    }

    [Test]
    public async Task Execute_WhenTheNodeStopsWhileTheDatabaseRefusesWrites_EndsWithoutTheOccurrence()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron);
        await using var refusal = await ClockTestData.RefuseAttemptsAsReadOnlyAsync(owner);
        var firing = job.Execute(Firing(ClockTestData.KeyOf(Cron), scheduled: Occurrence)).AsTask();

        lifetime.StopApplication();

        Assert.That(await Task.WhenAny(firing, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(firing), "the firing outlived its node");
        await firing;
        Assert.That(await ClockTestData.ExecutionCountAsync(webhook), Is.Zero, "left to the catch-up");
    }

    [Test]
    public async Task Execute_WhenTheTriggersLeadDiffersFromTheSetting_EnqueuesTheOccurrenceItsOwnLeadPointsTo()
    {
        var webhook = await ClockTestData.InsertCronAsync(owner, Cron);
        var key = ClockTestData.KeyOf(Cron);
        // Stored by a node set to 10 s; this node's setting is the default 1 s until the reconcile replaces the trigger.
        var trigger = ScheduleTriggers.Cron(key, Cron, TimeZoneInfo.Utc, TimeSpan.FromSeconds(10), Occurrence.AddMinutes(-10));

        await job.Execute(new FakeFiring(trigger, Occurrence.AddSeconds(-10), null, new JobDataMap()));

        Assert.That((await ClockTestData.ExecutionsAsync(webhook)).Single().ScheduledFor, Is.EqualTo(Occurrence.ToString("O")));
    }

    private async Task AdvanceUntilAsync(Task task)
    {
        for (var i = 0; i < 600 && !task.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task<double> MisfiresAsync()
    {
        await using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(text.ToArray())).Single(MetricNames.Misfires);
    }

    private static FakeFiring Firing(string key, DateTimeOffset scheduled, bool recovering = false, string? originalScheduled = null)
    {
        var map = new JobDataMap();
        if (originalScheduled is not null)
            map[SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime] = originalScheduled;
        var triggerKey = recovering ? new TriggerKey("recover_deadnode_1", SchedulerConstants.DefaultRecoveryGroup) : new TriggerKey(key, ScheduleTriggers.Group);
        var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(ScheduleTriggers.EnqueueJob).StartAt(scheduled).Build();
        return new FakeFiring(trigger, scheduled, recovering ? new TriggerKey(key, ScheduleTriggers.Group) : null, map);
    }
}
