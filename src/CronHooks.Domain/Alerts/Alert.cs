namespace CronHooks.Domain.Alerts;

/// <summary>
/// One failure notification to a webhook's alert URL, queued in the same transaction as the attempt
/// outcome that caused it, and sent (with retries) by whichever scheduler node claims it. One row per
/// event: (webhook, kind, event key) is unique, so an event can never be queued, and so sent, twice.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; init; }
    public Guid WebhookId { get; init; }
    public Guid OwnerId { get; init; }

    /// <summary>One of <see cref="AlertKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// What makes the event unique within its kind: the failed execution for <c>occurrence.failed</c>,
    /// the first failed execution of the streak for <c>webhook.failing</c> and <c>webhook.recovered</c>.
    /// </summary>
    public Guid EventKey { get; init; }

    public AlertStatus Status { get; set; }

    // The attempt the event is about, as the notification reports it.
    public Guid ExecutionId { get; init; }
    public DateTimeOffset ScheduledFor { get; init; }
    public int AttemptNumber { get; init; }
    public string? ErrorKind { get; init; }
    public int? ResponseCode { get; init; }

    /// <summary>Failed attempts in a row when the event happened (the streak that ended, for a recovery).</summary>
    public int ConsecutiveFailures { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next send may start; while a node holds it, when its lease runs out.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Sends started so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The node sending it and the token its result must carry (see ClaimedAlert in the scheduler).</summary>
    public string? LeaseOwner { get; set; }
    public Guid? LeaseToken { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>How the last send to the alert URL went when it did not succeed (or the receiver's code when it did).</summary>
    public string? LastErrorKind { get; set; }
    public string? LastErrorMessage { get; set; }
    public int? LastResponseCode { get; set; }

    /// <summary>A callback's attempt facts (a <c>CallbackDetails</c> as JSON); null for alerts.</summary>
    public string? Details { get; init; }

    /// <summary>For <c>webhook.missed</c>: how many occurrences the catch-up recorded missed; null for the other kinds.</summary>
    public int? MissedOccurrences { get; init; }
}

/// <summary>The events a webhook's alert URL is told about (the <c>type</c> of the notification).</summary>
public static class AlertKinds
{
    /// <summary>An occurrence's last attempt failed: no retry is left.</summary>
    public const string OccurrenceFailed = "occurrence.failed";

    /// <summary>The webhook's attempts failed N times in a row (sent once per streak).</summary>
    public const string WebhookFailing = "webhook.failing";

    /// <summary>The first success after a <see cref="WebhookFailing"/> alert.</summary>
    public const string WebhookRecovered = "webhook.recovered";

    /// <summary>The webhook paused itself after <c>pauseAfterFailures</c> failed occurrences in a row.</summary>
    public const string WebhookPaused = "webhook.paused";

    /// <summary>Occurrences were due while no scheduler node ran and were not sent (one alert per catch-up, counting them).</summary>
    public const string WebhookMissed = "webhook.missed";
}

public enum AlertStatus
{
    Pending,
    Sending,
    Sent,

    /// <summary>Every send failed, or the destination is refused by the SSRF policy; kept for the record.</summary>
    Failed,

    /// <summary>Not sent: the webhook was deleted or its alert URL removed before it went out.</summary>
    Dropped,
}
