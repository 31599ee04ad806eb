using CronHooks.Domain.Executions;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// What alerts need of an attempt whose outcome is being recorded: whose it was and how it went. A struct:
/// one is made per failing outcome inside the recording transaction.
/// </summary>
public readonly record struct FinishedAttempt(
    Guid ExecutionId,
    Guid WebhookId,
    Guid OwnerId,
    DateTimeOffset ScheduledFor,
    int AttemptNumber,
    ExecutionStatus Status,
    string? ErrorKind,
    int? ResponseCode,
    DateTimeOffset? ExecutedAt);
