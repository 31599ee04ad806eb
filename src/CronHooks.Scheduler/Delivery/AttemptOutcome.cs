using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Callbacks;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The outcome of one attempt as it is written to the history. <c>Request</c> is what was sent,
/// masked; null when nothing was (a skip, an unreadable secret).
/// </summary>
public sealed record AttemptOutcome(
    ExecutionStatus Status,
    DateTimeOffset? ExecutedAt,
    int? DurationMs,
    int? ResponseCode,
    string? ResponseBody,
    bool ResponseTruncated,
    string? ErrorKind,
    string? ErrorMessage,
    TimeSpan? RetryDelay,
    SentRequest? Request = null)
{
    /// <summary>The webhook's callbacks this outcome queues; None (a webhook without callbacks) adds nothing to its write.</summary>
    public CallbackTargets Callbacks { get; init; }

    /// <summary>Not sent: <paramref name="kind"/> (one of <see cref="DeliveryErrorKinds"/>) and why, for the user.</summary>
    public static AttemptOutcome Skipped(string kind, string reason) =>
        new(ExecutionStatus.Skipped, null, null, null, null, false, kind, reason, null);

    /// <summary>
    /// An attempt made at <paramref name="sentAt"/>: the receiver's answer (or the failure); <paramref name="retryDelay"/>
    /// when <paramref name="status"/> is Retrying; <paramref name="request"/> null when no request could be built.
    /// </summary>
    public static AttemptOutcome Attempted(ExecutionStatus status, DateTimeOffset sentAt, DeliveryResult result, TimeSpan? retryDelay, SentRequest? request) =>
        new(status, sentAt, (int)Math.Round(result.Duration.TotalMilliseconds), result.ResponseCode, result.ResponseBody,
            result.ResponseTruncated, result.ErrorKind, result.ErrorMessage, retryDelay, request);
}
