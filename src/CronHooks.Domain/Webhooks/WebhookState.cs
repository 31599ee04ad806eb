namespace CronHooks.Domain.Webhooks;

/// <summary>Where a webhook stands: what the API's <c>state</c> says and <c>?state=</c> filters on.</summary>
public enum WebhookState
{
    /// <summary>Runs on its schedule.</summary>
    Active,

    /// <summary>Stopped by its owner; resume starts it again.</summary>
    Cancelled,

    /// <summary>A one-time webhook whose occurrence has been queued: it does not run again unless given a new instant.</summary>
    Completed,
}
