namespace CronHooks.Domain.Webhooks;

public enum ScheduleType
{
    /// <summary>Called once, at <see cref="Webhook.ScheduledAt"/>.</summary>
    Once,

    /// <summary>Called at every occurrence of <see cref="Webhook.CronExpression"/> in <see cref="Webhook.TimeZone"/>.</summary>
    Recurring,

    /// <summary>Called every <see cref="Webhook.IntervalSeconds"/> from <see cref="Webhook.Anchor"/>; the time zone plays no part.</summary>
    Interval,
}
