using System.Globalization;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;

namespace CronHooks.Scheduler.Delivery;

/// <summary>What a sent attempt's result means for its occurrence: success, a retry after a delay, or failed for good (and why).</summary>
public static class RetryDecision
{
    /// <summary>
    /// The attempt's status and, when Retrying, the delay before the next one. A failure that still had retries but gets
    /// none (a permanent class, or past <c>maxRetryAgeSeconds</c>) carries a <c>Note</c> saying so, for the row's message.
    /// </summary>
    public static (ExecutionStatus Status, TimeSpan? Delay, string? Note) Decide(
        Webhook webhook, ClaimedAttempt claim, DeliveryResult result, DateTimeOffset now)
    {
        if (result.Succeeded)
            return (ExecutionStatus.Success, null, null);
        if (!RetryPolicy.ShouldRetry(claim.AttemptNumber, webhook.MaxRetries))
            return (ExecutionStatus.Failed, null, null);
        if (!RetryClassification.IsRetryable(result, webhook.RetryOn))
            return (ExecutionStatus.Failed, null,
                $"Not retried: {RetryClassification.Describe(result)} is permanent (retryOn: {string.Join(", ", webhook.RetryOn ?? RetryOn.Default)}).");
        var delay = RetryPolicy.DelayAfter(claim.AttemptNumber, webhook.RetryDelaySeconds, result.RetryAfter);
        if (webhook.MaxRetryAgeSeconds is { } age && now + delay > claim.ScheduledFor.AddSeconds(age))
            return (ExecutionStatus.Failed, null, string.Create(CultureInfo.InvariantCulture,
                $"Not retried: the next attempt would be at {now + delay:yyyy-MM-ddTHH:mm:ssZ}, more than maxRetryAgeSeconds ({age} s) after the occurrence at {claim.ScheduledFor.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}."));
        return (ExecutionStatus.Retrying, delay, null);
    }
}
