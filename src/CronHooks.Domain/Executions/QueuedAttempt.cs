namespace CronHooks.Domain.Executions;

/// <summary>
/// An attempt waiting to be sent or being sent: a row of the delivery queue. It leaves the queue when its
/// outcome is written to the history (<see cref="Execution"/>), under the same id.
/// </summary>
public sealed class QueuedAttempt
{
    public Guid Id { get; init; }
    public Guid WebhookId { get; init; }
    public Guid OwnerId { get; init; }

    /// <summary>The occurrence this attempt belongs to; all retries of an occurrence share it.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    public int AttemptNumber { get; init; } = 1;
    public ExecutionTrigger Trigger { get; init; }

    /// <summary>When the attempt may be sent.</summary>
    public DateTimeOffset DueAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The node sending it, and until when it may; both null while it waits.</summary>
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>The attempt as the history shows it while it is queued.</summary>
    public Execution ToExecution() => new()
    {
        Id = Id,
        WebhookId = WebhookId,
        OwnerId = OwnerId,
        Status = LeaseOwner is null ? ExecutionStatus.Pending : ExecutionStatus.Running,
        AttemptNumber = AttemptNumber,
        Trigger = Trigger,
        ScheduledFor = ScheduledFor,
        DueAt = DueAt,
        LeaseOwner = LeaseOwner,
        LeaseExpiresAt = LeaseExpiresAt,
        CreatedAt = CreatedAt,
    };
}
