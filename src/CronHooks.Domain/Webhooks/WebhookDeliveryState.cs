using CronHooks.Domain.Executions;

namespace CronHooks.Domain.Webhooks;

/// <summary>
/// What the delivery engine keeps about a webhook as it records outcomes (never the API): when it last sent
/// one, and its failure streak, so that "N in a row", "alerted once per streak" and "recovered" survive
/// restarts and fail-overs. Its own row, not the webhook's: deliveries never lock or version the webhook, so
/// an edit of a busy webhook never conflicts with them. Absent until the first outcome.
/// </summary>
public sealed class WebhookDeliveryState
{
    public DateTimeOffset? LastExecutionAt { get; private set; }

    /// <summary>The most recently finished attempt (any status, skips included), or null before the first.</summary>
    public Guid? LastOutcomeId { get; private set; }
    public ExecutionStatus? LastOutcomeStatus { get; private set; }
    public int? LastOutcomeResponseCode { get; private set; }
    public string? LastOutcomeErrorKind { get; private set; }
    public DateTimeOffset? LastOutcomeFinishedAt { get; private set; }

    // Finished attempts in the history, per status: kept by the database as history rows come and go
    // (a trigger on insert, retention on drop), so listing a webhook's attempts never counts them one by one.
    public long SuccessCount { get; private set; }
    public long FailedCount { get; private set; }
    public long RetryingCount { get; private set; }
    public long SkippedCount { get; private set; }

    /// <summary>Finished attempts in the history with <paramref name="status"/>, or all of them when null.</summary>
    public long HistoryCount(ExecutionStatus? status) => status switch
    {
        null => SuccessCount + FailedCount + RetryingCount + SkippedCount,
        ExecutionStatus.Success => SuccessCount,
        ExecutionStatus.Failed => FailedCount,
        ExecutionStatus.Retrying => RetryingCount,
        ExecutionStatus.Skipped => SkippedCount,
        _ => 0,
    };

    /// <summary>Failed attempts since the last success.</summary>
    public int FailureStreak { get; private set; }

    /// <summary>The first failed execution of the current streak: the streak's identity in alert keys.</summary>
    public Guid? FailureStreakStartedBy { get; private set; }

    /// <summary>A <c>webhook.failing</c> alert was queued for the current streak (so its end is a recovery).</summary>
    public bool FailingAlertRaised { get; private set; }

    /// <summary>Occurrences in a row whose last attempt failed (retries in between do not count); a success ends it.</summary>
    public int FailedOccurrenceStreak { get; private set; }
}
