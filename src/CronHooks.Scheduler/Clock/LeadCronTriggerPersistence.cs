using Quartz.Impl.AdoJobStore;
using Quartz.Extensibility;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Stores <see cref="LeadCronTrigger"/>s in Quartz's simple-properties table (expression, time zone, lead in milliseconds) under their own
/// type, so every node loads them back with their lead.
/// </summary>
internal sealed class LeadCronTriggerPersistence : SimplePropertiesTriggerPersistenceDelegateBase
{
    /// <summary>The trigger type Quartz records for these triggers (at most 8 characters).</summary>
    public const string TriggerType = "LEADCRON";

    public override bool CanHandleTriggerType(IOperableTrigger trigger) => trigger is LeadCronTrigger;

    public override string GetHandledTriggerTypeDiscriminator() => TriggerType;

    protected override SimplePropertiesTriggerProperties GetTriggerProperties(IOperableTrigger trigger)
    {
        var lead = (LeadCronTrigger)trigger;
        return new SimplePropertiesTriggerProperties
        {
            String1 = lead.UnixExpression, String2 = lead.TimeZone.Id, Long1 = (long)lead.Lead.TotalMilliseconds,
        };
    }

    protected override TriggerPropertyBundle GetTriggerPropertyBundle(SimplePropertiesTriggerProperties properties) =>
        new(new LeadCronScheduleBuilder(properties.String1!, TimeZones.Find(properties.String2!), TimeSpan.FromMilliseconds(properties.Long1)));
}
