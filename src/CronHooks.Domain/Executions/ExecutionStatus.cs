namespace CronHooks.Domain.Executions;

public enum ExecutionStatus
{
    /// <summary>Waiting in the queue until its due time.</summary>
    Pending,

    /// <summary>Claimed by a scheduler node, which holds a lease on it.</summary>
    Running,

    /// <summary>The receiver answered 2xx.</summary>
    Success,

    /// <summary>The attempt failed and no retry follows.</summary>
    Failed,

    /// <summary>The attempt failed and the next attempt is queued.</summary>
    Retrying,

    /// <summary>Not sent (the webhook was gone, cancelled or outside its window); the reason is in the error message.</summary>
    Skipped,
}
