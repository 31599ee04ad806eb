using CronHooks.Domain.Executions;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// A queue row this node holds. <paramref name="LeaseExpiresAt"/> doubles as the claim's token:
/// a result is written only while the row still carries this node and this exact lease, so a node that
/// lost its lease (and whose attempt was claimed again) can never overwrite the newer outcome.
/// <paramref name="Timeout"/> is the webhook's timeout the lease was sized from: the request must not outlast it.
/// <paramref name="OverQuota"/>: claimed only to be recorded skipped, its owner over the attempts-per-minute quota for too long.
/// <paramref name="OwnerDisabled"/>: claimed only to be recorded skipped, its owner disabled by an admin.
/// </summary>
public sealed record ClaimedAttempt(
    Guid Id,
    Guid WebhookId,
    Guid OwnerId,
    int AttemptNumber,
    ExecutionTrigger Trigger,
    DateTimeOffset ScheduledFor,
    DateTimeOffset DueAt,
    DateTime LeaseExpiresAt,
    TimeSpan Timeout,
    bool OverQuota,
    bool OwnerDisabled);

/// <summary>An attempt's outcome waiting to be written with its claim.</summary>
public sealed record RecordedOutcome(ClaimedAttempt Claim, AttemptOutcome Outcome);
