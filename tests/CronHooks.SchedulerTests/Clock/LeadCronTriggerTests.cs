using System.Globalization;
using CronHooks.Scheduler.Clock;
using CronHooks.SchedulerTests.Harness;
using Quartz;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Recurring triggers fire their lead before each occurrence, keep that lead through the clustered store, and replace
/// triggers stored without it (an upgrade) or with another lead (a changed setting) at the next reconciliation.
/// </summary>
[NonParallelizable]
public sealed class LeadCronTriggerTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Test]
    public void GetFireTimeAfter_FiresTheLeadBeforeEachOccurrence()
    {
        var now = Parse("2026-03-29T00:58:30+01:00");
        var trigger = ScheduleTriggers.Cron("k", "0 * * * *", Berlin, TimeSpan.FromSeconds(5), now);

        var first = trigger.GetFireTimeAfter(now);
        var second = trigger.GetFireTimeAfter(first);

        // 02:00 does not exist that night in Berlin: 01:00 then 03:00 (CEST), each fired 5 s ahead.
        Assert.That(new[] { first, second }, Is.EqualTo(new DateTimeOffset?[]
        {
            Parse("2026-03-29T00:59:55+01:00"), Parse("2026-03-29T02:59:55+02:00"),
        }));
    }

    [Test]
    public void ComputeFirstFireTime_WhenStoredInsideAnOccurrencesLead_FiresForThatOccurrenceAtOnce()
    {
        var now = Parse("2026-06-01T11:59:59.500+00:00");
        var trigger = (Quartz.Extensibility.IOperableTrigger)ScheduleTriggers.Cron("k", "0 12 * * *", TimeZoneInfo.Utc, TimeSpan.FromSeconds(1), now);

        var first = trigger.ComputeFirstFireTimeUtc(null);

        Assert.That(first, Is.EqualTo(Parse("2026-06-01T11:59:59+00:00")), "due already, so Quartz fires it now, for 12:00");
    }

    [Test]
    public async Task Store_KeepsTheLeadOnEveryNodeThatLoadsIt()
    {
        await ClockTestData.ResetAsync();
        await using var clock = InProcessClock.Build(TestDatabase.ConnectionString, new Dictionary<string, string?> { ["Scheduler:CronLead"] = "00:00:07" });
        var scheduler = await clock.Get<ScheduleSynchronizer>().SchedulerAsync(CancellationToken.None);
                await StoreAsync(scheduler, ScheduleTriggers.Cron("lead-roundtrip", "*/5 * * * *", Berlin, TimeSpan.FromSeconds(7), DateTimeOffset.UtcNow));

        var loaded = await scheduler.GetTrigger(ScheduleTriggers.KeyFor("lead-roundtrip"), CancellationToken.None);
        var type = await TestDatabase.ScalarAsync<string>(
            "SELECT trigger_type FROM quartz.qrtz_triggers WHERE trigger_name = 'lead-roundtrip'");

        Assert.Multiple(() =>
        {
            Assert.That(loaded, Is.TypeOf<LeadCronTrigger>());
            Assert.That(((LeadCronTrigger)loaded!).Lead, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(((LeadCronTrigger)loaded).UnixExpression, Is.EqualTo("*/5 * * * *"));
            Assert.That(((LeadCronTrigger)loaded).TimeZone.Id, Is.EqualTo(Berlin.Id));
            Assert.That(loaded.NextFireTimeUtc!.Value.Second, Is.EqualTo(53), "seven seconds before a whole minute");
            Assert.That(type, Is.EqualTo(LeadCronTriggerPersistence.TriggerType));
        });
    }

    [Test]
    public async Task Reconcile_ReplacesTriggersStoredWithoutTheLeadOrWithAnother()
    {
        await ClockTestData.ResetAsync();
        var owner = await ClockTestData.CreateUserAsync();
        await ClockTestData.InsertCronAsync(owner, "*/5 * * * *", outbox: false);
        await ClockTestData.InsertCronAsync(owner, "*/10 * * * *", outbox: false);
        var legacyKey = ClockTestData.KeyOf("*/5 * * * *");
        var otherLeadKey = ClockTestData.KeyOf("*/10 * * * *");
        await using var clock = InProcessClock.Build(TestDatabase.ConnectionString);
        var scheduler = await clock.Get<ScheduleSynchronizer>().SchedulerAsync(CancellationToken.None);
                // As a node before triggers had a lead stored them, and as one configured with another lead did.
        await StoreAsync(scheduler,
            TriggerBuilder.Create().WithIdentity(ScheduleTriggers.KeyFor(legacyKey)).ForJob(ScheduleTriggers.EnqueueJob)
                .WithSchedule(CronScheduleBuilder.Create("*/5 * * * *", CronFormat.Unix).InTimeZone(TimeZoneInfo.Utc)).Build(),
            ScheduleTriggers.Cron(otherLeadKey, "*/10 * * * *", TimeZoneInfo.Utc, TimeSpan.FromSeconds(20), DateTimeOffset.UtcNow));

        var result = await clock.Get<ScheduleReconciler>().ReconcileAsync(_ => Task.FromResult(true), CancellationToken.None);
        var legacy = await scheduler.GetTrigger(ScheduleTriggers.KeyFor(legacyKey), CancellationToken.None);
        var otherLead = await scheduler.GetTrigger(ScheduleTriggers.KeyFor(otherLeadKey), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result!.Repaired, Is.EqualTo(2));
            Assert.That((legacy as LeadCronTrigger)?.Lead, Is.EqualTo(new SchedulerOptions().CronLead), "the plain cron trigger was replaced");
            Assert.That((otherLead as LeadCronTrigger)?.Lead, Is.EqualTo(new SchedulerOptions().CronLead), "the 20 s lead became the configured one");
        });
    }

    [Test]
    public async Task Reconcile_WhenTheLeadIsSetToZero_StoresQuartzsOwnCronTriggersThatOlderNodesRead()
    {
        await ClockTestData.ResetAsync();
        var owner = await ClockTestData.CreateUserAsync();
        await ClockTestData.InsertCronAsync(owner, "*/5 * * * *", outbox: false);
        var key = ClockTestData.KeyOf("*/5 * * * *");
        await using var clock = InProcessClock.Build(TestDatabase.ConnectionString, new Dictionary<string, string?> { ["Scheduler:CronLead"] = "00:00:00" });
        var scheduler = await clock.Get<ScheduleSynchronizer>().SchedulerAsync(CancellationToken.None);
        await StoreAsync(scheduler, ScheduleTriggers.Cron(key, "*/5 * * * *", TimeZoneInfo.Utc, TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow));

        await clock.Get<ScheduleReconciler>().ReconcileAsync(_ => Task.FromResult(true), CancellationToken.None);
        var type = await TestDatabase.ScalarAsync<string>("SELECT trigger_type FROM quartz.qrtz_triggers WHERE trigger_name = $1", key);
        var next = await TestDatabase.ScalarAsync<long>("SELECT next_fire_time FROM quartz.qrtz_triggers WHERE trigger_name = $1", key);

        Assert.Multiple(() =>
        {
            Assert.That(type, Is.EqualTo("CRON"));
            Assert.That(new DateTimeOffset(next, TimeSpan.Zero).Second, Is.Zero, "fires at the occurrence itself");
        });
    }

    private static async Task StoreAsync(IScheduler scheduler, params ITrigger[] triggers) =>
        await scheduler.ScheduleJobs(
            new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [ScheduleTriggers.Job()] = triggers }, ScheduleJobOptions.Replacing, CancellationToken.None);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
}
