using CronHooks.Domain.Scheduling;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The Quartz side of a schedule key: one trigger per key (named by the key), all pointing at the one
/// durable enqueue job. The trigger carries nothing else: who is due is read from the webhooks table
/// when it fires, so webhooks joining or leaving a schedule never touch Quartz.
/// </summary>
internal static class ScheduleTriggers
{
    public const string Group = "schedules";

    public static readonly JobKey EnqueueJob = new("enqueue-due-webhooks", "cronhooks");

    public static TriggerKey KeyFor(string scheduleKey) => new(scheduleKey, Group);

    /// <summary>Durable (it outlives its triggers) and recoverable (a node dying mid-firing hands it to another).</summary>
    public static IJobDetail Job() =>
        JobBuilder.Create<EnqueueDueWebhooksJob>().WithIdentity(EnqueueJob).StoreDurably().RequestRecovery().Build();

    /// <summary>
    /// A recurring schedule, firing <paramref name="lead"/> before each occurrence so its attempts are queued before
    /// they are due. Late by more than the misfire threshold (e.g. every node was down), it fires once for all
    /// missed occurrences and then goes on as planned (FireAndProceed).
    /// </summary>
    public static ITrigger Cron(string scheduleKey, string cronExpression, TimeZoneInfo zone, TimeSpan lead, DateTimeOffset now) =>
        TriggerBuilder.Create()
            .WithIdentity(KeyFor(scheduleKey))
            .ForJob(EnqueueJob)
            .WithSchedule(lead > TimeSpan.Zero
                ? new LeadCronScheduleBuilder(cronExpression, zone, lead)
                : CronScheduleBuilder.Create(cronExpression, CronFormat.Unix).InTimeZone(zone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .StartAt(now)
            .Build();

    /// <summary>
    /// An interval schedule, firing <paramref name="lead"/> before each occurrence (anchor + k × interval). Quartz's
    /// calendar-interval trigger counts from its start, so the start is an occurrence's fire time: the first occurrence not
    /// before now (a trigger stored inside its lead fires at once for it, as a cron one does). Late by more than the misfire
    /// threshold it fires once now and goes on on the same grid (FireAndProceed), the job working out the occurrence.
    /// </summary>
    public static ITrigger Interval(string scheduleKey, IntervalSchedule schedule, TimeSpan lead, DateTimeOffset now)
    {
        var first = schedule.LatestAtOrBefore(now) == now ? now : schedule.NextAfter(now);
        return TriggerBuilder.Create()
            .WithIdentity(KeyFor(scheduleKey))
            .ForJob(EnqueueJob)
            .WithCalendarIntervalSchedule(s => s.WithInterval(schedule.Seconds, IntervalUnit.Second)
                .InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CalendarIntervalTriggerMisfireInstruction.FireAndProceed))
            .StartAt(first - lead)
            .Build();
    }

    /// <summary>How long before its occurrences a recurring trigger fires: zero for Quartz's own cron trigger.</summary>
    public static TimeSpan LeadOf(ITrigger trigger) => trigger is LeadCronTrigger lead ? lead.Lead : TimeSpan.Zero;

    /// <summary>
    /// How long before its whole second a one-time trigger fires. The trigger stands for every webhook due within the
    /// second before it (the key rounds up), and each of their attempts is enqueued due at the webhook's own instant:
    /// a lead over one second has them all queued before the earliest of them is due, so a webhook at 09:00:00.300 is
    /// sent at .300, not at 09:00:01. Quartz's firing and the enqueue statement (5-12 ms when idle, more under load)
    /// are done meanwhile, and the delivery nodes, woken by the insert, sleep until each instant. Attempts are still
    /// never claimed before they are due, and a cancel or delete is still honoured up to the claim; a move to another
    /// instant made within the lead no longer stops the old occurrence (it was enqueued).
    /// </summary>
    public static readonly TimeSpan OnceLead = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// A one-time schedule, firing <see cref="OnceLead"/> before <paramref name="fireAt"/>. A fire instant
    /// already past (applied after an outage) fires now rather than waiting for Quartz's misfire scan; late
    /// ones fire once (FireNow).
    /// </summary>
    public static ITrigger Once(string scheduleKey, DateTimeOffset fireAt, DateTimeOffset now) =>
        TriggerBuilder.Create()
            .WithIdentity(KeyFor(scheduleKey))
            .ForJob(EnqueueJob)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .StartAt(fireAt - OnceLead > now ? fireAt - OnceLead : now)
            .Build();

    /// <summary>The instant a one-time key fires at (it is spelled in the key), or null for a cron key.</summary>
    public static DateTimeOffset? OnceInstant(string scheduleKey) => ScheduleKey.InstantOf(scheduleKey);
}
