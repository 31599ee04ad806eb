namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// An alert this node holds. <paramref name="LeaseToken"/> is new on every claim: a result is written
/// only while the row still carries it, so a node whose lease ran out (and whose alert another node
/// claimed and sent) can never overwrite that newer result.
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
    Guid LeaseToken);

/// <summary>
/// How one send of an alert went, as it is written to its row: Sent, Pending (sent again after
/// <c>RetryDelay</c>), Failed or Dropped, with the alert receiver's code or the error.
/// </summary>
public sealed record AlertOutcome(
    Domain.Alerts.AlertStatus Status,
    int? ResponseCode,
    string? ErrorKind,
    string? ErrorMessage,
    TimeSpan? RetryDelay);
