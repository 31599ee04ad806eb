namespace CronHooks.Domain.Executions;

/// <summary>What caused an attempt.</summary>
public enum ExecutionTrigger
{
    /// <summary>An occurrence of the webhook's schedule.</summary>
    Schedule,

    /// <summary>The next attempt after a failed one, after its back-off.</summary>
    Retry,

    /// <summary>Run now, outside the schedule.</summary>
    Manual,

    /// <summary>Sent again on request after the occurrence failed or was skipped: same occurrence, same <c>webhook-id</c>, one attempt.</summary>
    Redelivery,

    /// <summary>A past occurrence of the schedule queued on request (backfill): its own occurrence and <c>webhook-id</c>.</summary>
    Backfill,
}
