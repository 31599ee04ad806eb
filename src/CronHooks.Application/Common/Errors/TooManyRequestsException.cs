namespace CronHooks.Application.Common.Errors;

/// <summary>The caller must wait before trying again (429 with Retry-After).</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
