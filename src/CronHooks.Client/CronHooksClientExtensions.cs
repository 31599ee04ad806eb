namespace CronHooks.Client;

/// <summary>Overloads kept for callers written before the preview took more parameters.</summary>
public static class CronHooksClientExtensions
{
    /// <summary>The next times a cron expression fires in a time zone (the preview without interval, jitter, webhook or calendars).</summary>
    public static Task<OccurrencesResponse> PreviewScheduleAsync(
        this ICronHooksClient client, string? cronExpression, string? timezone, int? count, CancellationToken cancellationToken = default) =>
        client.PreviewScheduleAsync(cronExpression, timezone, count, null, null, null, null, null, null, cancellationToken);
}
