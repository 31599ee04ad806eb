using Quartz;
using Quartz.Extensibility;
using Quartz.Impl.Triggers;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// A recurring schedule's trigger that fires <see cref="Lead"/> (<see cref="SchedulerOptions.CronLead"/>) before each
/// occurrence of its cron expression, so the occurrence is in the queue, due at its exact instant, before that instant
/// comes (as one-time webhooks are). Quartz sees only the shifted fire times; everything else (misfires, recovery,
/// clustering) is its cron trigger's.
/// </summary>
internal sealed class LeadCronTrigger : CronTriggerImpl
{
    public LeadCronTrigger(string unixExpression, TimeZoneInfo zone, TimeSpan lead) : base(TimeProvider.System)
    {
        Lead = lead;
        UnixExpression = unixExpression;
        CronExpression = Quartz.CronExpression.Parse(unixExpression, CronFormat.Unix).WithTimeZone(zone);
        TimeZone = zone;
        MisfireInstructionCode = (int)CronTriggerMisfireInstruction.FireAndProceed;
    }

    /// <summary>How long before each occurrence it fires.</summary>
    public TimeSpan Lead { get; }

    /// <summary>The expression as the webhook states it (five fields), which is what is stored.</summary>
    public string UnixExpression { get; }

    // Not the plain cron delegate's: it would store this as a trigger without the lead.
    public override bool HasAdditionalProperties => true;

    public override DateTimeOffset? GetFireTimeAfter(DateTimeOffset? afterTimeUtc) =>
        base.GetFireTimeAfter((afterTimeUtc ?? TimeProvider.System.GetUtcNow()) + Lead) - Lead;

    /// <summary>
    /// The first occurrence at or after the start (now, when stored) even if its fire time has just passed, so a trigger
    /// stored inside an occurrence's lead still fires for it (at once) instead of skipping to the next one.
    /// </summary>
    public override DateTimeOffset? ComputeFirstFireTimeUtc(ICalendar? calendar)
    {
        NextFireTimeUtc = GetFireTimeAfter(StartTimeUtc.AddSeconds(-1) - Lead);
        return NextFireTimeUtc;
    }

    public override DateTimeOffset? FinalFireTimeUtc => base.FinalFireTimeUtc - Lead;

    public override IScheduleBuilder GetScheduleBuilder() => new LeadCronScheduleBuilder(UnixExpression, TimeZone, Lead);
}

/// <summary>Builds <see cref="LeadCronTrigger"/>s: for <c>TriggerBuilder.WithSchedule</c> and for loading them from the store.</summary>
internal sealed class LeadCronScheduleBuilder(string unixExpression, TimeZoneInfo zone, TimeSpan lead) : IScheduleBuilder
{
    public IMutableTrigger Build() => new LeadCronTrigger(unixExpression, zone, lead);
}
