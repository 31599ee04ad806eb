namespace CronHooks.Domain.Webhooks;

/// <summary>What a webhook with calendars does with an occurrence that falls on one of their days off.</summary>
public enum OnHoliday
{
    /// <summary>Not sent: recorded skipped with kind <c>holiday</c>.</summary>
    Skip,

    /// <summary>Sent at the same local time on the next business day (Monday to Friday, not a day off).</summary>
    NextBusinessDay,
}
