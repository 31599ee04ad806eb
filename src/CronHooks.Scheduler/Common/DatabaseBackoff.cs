namespace CronHooks.Scheduler.Common;

/// <summary>
/// How long to wait before reaching the database again after it failed: 250 ms doubling up to a cap, with
/// jitter. Delivery retries have their own rule (<see cref="Domain.Scheduling.RetryPolicy"/>).
/// </summary>
public sealed class DatabaseBackoff(TimeSpan max)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private TimeSpan next = First;

    public TimeSpan Next()
    {
        var wait = next;
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, max.Ticks));
        // Jitter: nodes that lost the database together do not all come back in the same millisecond.
        return wait * (0.75 + (Random.Shared.NextDouble() / 2));
    }

    public void Reset() => next = First;
}
