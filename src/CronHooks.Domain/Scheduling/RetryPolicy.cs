namespace CronHooks.Domain.Scheduling;

/// <summary>When a failed attempt is tried again: exponential back-off from the webhook's base delay.</summary>
public static class RetryPolicy
{
    public const int DefaultMaxRetries = 3;
    public const int MaxRetriesLimit = 10;
    public const int DefaultDelaySeconds = 60;
    public const int MaxDelaySeconds = 86_400;

    /// <summary>The largest <c>maxRetryAgeSeconds</c>: 30 days, longer than ten retries can take.</summary>
    public const int MaxRetryAgeSecondsLimit = 2_592_000;

    /// <summary>The longest any retry waits, even when a receiver asks for more with Retry-After.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(24);

    /// <summary>Whether attempt <paramref name="attemptNumber"/> (1-based) that failed gets another try.</summary>
    public static bool ShouldRetry(int attemptNumber, int maxRetries) => attemptNumber <= maxRetries;

    /// <summary>
    /// The wait before attempt <paramref name="attemptNumber"/> + 1: base × 2^(k−1), at least what the
    /// receiver asked for with Retry-After, and never more than <see cref="MaxWait"/>.
    /// </summary>
    public static TimeSpan DelayAfter(int attemptNumber, int retryDelaySeconds, TimeSpan? retryAfter = null) =>
        DelayAfter(attemptNumber, TimeSpan.FromSeconds(retryDelaySeconds), MaxWait, retryAfter);

    /// <summary>The same rule with another first delay and cap (failure alerts are retried by it too).</summary>
    public static TimeSpan DelayAfter(int attemptNumber, TimeSpan firstDelay, TimeSpan maxWait, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Min(attemptNumber - 1, 30);
        var backoff = TimeSpan.FromMilliseconds(Math.Min(firstDelay.TotalMilliseconds * Math.Pow(2, exponent), maxWait.TotalMilliseconds));
        var wait = retryAfter is { } asked && asked > backoff ? asked : backoff;
        return wait > maxWait ? maxWait : wait;
    }
}
