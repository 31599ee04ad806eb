using CronHooks.Domain.Alerts;

namespace CronHooks.Domain.Callbacks;

/// <summary>Where a callback stands, as the API shows it: the status of its row in the alerts queue.</summary>
public enum CallbackStatus
{
    Pending,
    Sending,
    Sent,

    /// <summary>Every send failed, or the URL was refused by the SSRF policy (not tried again).</summary>
    Failed,

    /// <summary>Not sent: the webhook was deleted or the URL removed before it went out.</summary>
    Dropped,
}

public static class CallbackStatuses
{
    /// <summary>The callback status of an alerts-queue status (the same states, named for callbacks).</summary>
    public static CallbackStatus Of(AlertStatus status) => status switch
    {
        AlertStatus.Pending => CallbackStatus.Pending,
        AlertStatus.Sending => CallbackStatus.Sending,
        AlertStatus.Sent => CallbackStatus.Sent,
        AlertStatus.Failed => CallbackStatus.Failed,
        _ => CallbackStatus.Dropped,
    };
}
