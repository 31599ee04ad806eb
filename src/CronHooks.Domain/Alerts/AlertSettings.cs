namespace CronHooks.Domain.Alerts;

/// <summary>The limits of a webhook's <c>alert</c> setting.</summary>
public static class AlertSettings
{
    /// <summary>Failed attempts in a row before <c>webhook.failing</c>, when the user sets none.</summary>
    public const int DefaultConsecutiveFailures = 3;

    public const int MinConsecutiveFailures = 1;

    /// <summary>More than this is not an alert any more: at one attempt a minute it is a day of failures.</summary>
    public const int MaxConsecutiveFailures = 1000;
}
