using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Scheduler.Callbacks;

/// <summary>Which of a webhook's callbacks an attempt's outcome queues. None, the default, adds nothing to the outcome's write.</summary>
[Flags]
public enum CallbackTargets
{
    None = 0,

    /// <summary>The webhook's <c>callbackUrl</c>: every attempt that was sent.</summary>
    Attempt = 1,

    /// <summary>The webhook's <c>failureCallbackUrl</c>: the attempt that failed for good.</summary>
    Failure = 2,
}

public static class CallbackTargetsOf
{
    /// <summary>The callbacks <paramref name="webhook"/> asks for after an attempt that ended <paramref name="status"/>; a skip sent nothing, so calls none.</summary>
    public static CallbackTargets For(Webhook webhook, ExecutionStatus status) =>
        (webhook.CallbackUrl is not null && status is ExecutionStatus.Success or ExecutionStatus.Retrying or ExecutionStatus.Failed
            ? CallbackTargets.Attempt : CallbackTargets.None)
        | (webhook.FailureCallbackUrl is not null && status == ExecutionStatus.Failed ? CallbackTargets.Failure : CallbackTargets.None);
}
