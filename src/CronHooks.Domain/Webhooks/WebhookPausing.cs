namespace CronHooks.Domain.Webhooks;

/// <summary>
/// An owner's pause: the webhook stops sending, and each occurrence due meanwhile is recorded skipped (kind
/// <c>paused</c>) instead of passing in silence, until it is resumed or <see cref="Webhook.PausedUntil"/> comes.
/// </summary>
public static class WebhookPausing
{
    /// <summary>The most occurrences a <c>skip</c> request may set aside.</summary>
    public const int MaxSkipNext = 1000;

    public const int MinPauseAfterFailures = 0;

    /// <summary>At one occurrence a minute, a day of failures: beyond it the setting would never be news.</summary>
    public const int MaxPauseAfterFailures = 1000;

    /// <summary>Whether its owner paused it (an admin's pause and a cancel are not this).</summary>
    public static bool IsPausedByOwner(this Webhook webhook) => !webhook.IsActive && webhook.PausedBy == PausedBy.Owner;

    /// <summary>Pauses for its owner; pausing again replaces the note and the resume time.</summary>
    public static void PauseByOwner(this Webhook webhook, string? note, DateTimeOffset? until, DateTimeOffset now)
    {
        if (!webhook.IsPausedByOwner())
            webhook.PausedAt = now;
        webhook.IsActive = false;
        webhook.PausedBy = PausedBy.Owner;
        webhook.PauseNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        webhook.PausedUntil = until?.ToUniversalTime();
        webhook.UpdatedAt = now;
    }

    /// <summary>Ends an owner's pause: active again, the note and resume time go, <see cref="Webhook.ResumedAt"/> says when.</summary>
    public static void LiftOwnerPause(this Webhook webhook, DateTimeOffset now)
    {
        if (webhook.PausedBy != PausedBy.Owner)
            return;
        webhook.PausedBy = null;
        webhook.PauseNote = null;
        webhook.PausedUntil = null;
        webhook.PausedAt = null;
        webhook.ResumedAt = now;
    }

    /// <summary>The note a webhook paused by its failures carries.</summary>
    public static string FailuresNote(int failures, string? lastError) =>
        $"paused after {failures} consecutive failed occurrences; last error: {lastError ?? "unknown"}";
}
