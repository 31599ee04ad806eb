namespace CronHooks.Domain.Webhooks;

/// <summary>
/// What a scheduled occurrence does while an earlier occurrence of the same webhook is still pending, running or
/// retrying. Run-now, redelivery and test sends are outside the schedule and never subject to it.
/// </summary>
public enum OverlapPolicy
{
    /// <summary>Occurrences run side by side (the default).</summary>
    Allow,

    /// <summary>The new occurrence is recorded skipped (<c>overlap</c>) and not sent.</summary>
    Skip,

    /// <summary>The new occurrence waits until the earlier one is finished; at most one waits, a further one is skipped.</summary>
    BufferOne,

    /// <summary>The earlier occurrence's remaining retries are dropped (recorded skipped, <c>superseded</c>) and the new one runs.</summary>
    CancelPrevious,
}
