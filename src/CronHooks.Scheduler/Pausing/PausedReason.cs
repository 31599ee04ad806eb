namespace CronHooks.Scheduler.Pausing;

/// <summary>The history's message for an occurrence skipped because its owner paused the webhook: one wording for the sweep and the runner.</summary>
public static class PausedReason
{
    public static string For(string? note, DateTimeOffset? until) =>
        "The webhook was paused by its owner" + (note is { } n ? $": \"{n}\"" : "") +
        (until is { } u ? $" (until {u.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})." : ".");
}
