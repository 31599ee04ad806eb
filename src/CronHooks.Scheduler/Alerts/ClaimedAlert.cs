namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// An alert this node holds. <paramref name="LeaseToken"/> is new on every claim: a result is written
/// only while the row still carries it, so a node whose lease ran out (and whose alert another node
/// claimed and sent) can never overwrite that newer result. <paramref name="Details"/>: a callback's attempt facts (JSON), null for alerts.
/// </summary>
public sealed record ClaimedAlert(
    Guid Id,
    Guid WebhookId,
    string Kind,
    Guid ExecutionId,
    DateTimeOffset ScheduledFor,
    int AttemptNumber,
    string? ErrorKind,
    int? ResponseCode,
    int ConsecutiveFailures,
    DateTimeOffset OccurredAt,
    int Attempts,
    Guid LeaseToken,
    string? Details,
    int? MissedOccurrences = null);

/// <summary>
/// How one send of an alert went, as it is written to its row: Sent, Pending (sent again after
/// <c>RetryDelay</c>), Failed or Dropped, with the alert receiver's code or the error.
/// </summary>
public sealed record AlertOutcome(
    Domain.Alerts.AlertStatus Status,
    int? ResponseCode,
    string? ErrorKind,
    string? ErrorMessage,
    TimeSpan? RetryDelay)
{
    /// <summary>The alert receiver accepted it.</summary>
    public static AlertOutcome Sent(int? responseCode) => new(Domain.Alerts.AlertStatus.Sent, responseCode, null, null, null);

    /// <summary>Not sent, and never will be: nowhere to send it any more (<paramref name="reason"/> says why).</summary>
    public static AlertOutcome Dropped(string reason) => new(Domain.Alerts.AlertStatus.Dropped, null, null, reason, null);

    /// <summary>This send failed and it was the last.</summary>
    public static AlertOutcome Failed(Infrastructure.Delivery.DeliveryResult result) =>
        new(Domain.Alerts.AlertStatus.Failed, result.ResponseCode, result.ErrorKind, result.ErrorMessage, null);

    /// <summary>This send failed; the alert is sent again after <paramref name="retryDelay"/>.</summary>
    public static AlertOutcome Pending(Infrastructure.Delivery.DeliveryResult result, TimeSpan retryDelay) =>
        new(Domain.Alerts.AlertStatus.Pending, result.ResponseCode, result.ErrorKind, result.ErrorMessage, retryDelay);
}
