using CronHooks.Domain.Webhooks;

namespace CronHooks.Bench.Environment;

/// <summary>A webhook the harness inserts directly: index i is called at <c>/r/i</c> on the receiver.</summary>
internal sealed record BulkWebhook(int Index, Guid OwnerId, DateTimeOffset? OnceAt, string? Cron, DateTimeOffset? EndsAt, int TimeoutSeconds = 5, DateTimeOffset? StartsAt = null);

/// <summary>
/// Creates many webhooks fast, bypassing the API: the shared test-data builder's binary COPY into <c>webhooks</c>, then
/// one <c>schedule_outbox</c> row per distinct schedule key — exactly what CreateWebhookHandler writes in its
/// transaction, so the scheduler's ScheduleSyncService picks them up the normal way (NOTIFY, trigger per key).
/// Bypassed: HTTP, JWT auth, validation, the per-user webhook count, EF change tracking.
/// </summary>
internal static class BulkWebhooks
{
    public static async Task InsertAsync(CronHooksStack stack, IReadOnlyList<BulkWebhook> hooks)
    {
        var now = DateTimeOffset.UtcNow;
        var webhooks = hooks.Select(hook => new Webhook
        {
            Id = Guid.CreateVersion7(),
            OwnerId = hook.OwnerId,
            Name = $"bench {hook.Index}",
            Url = $"{stack.Receiver.BaseUrl}/r/{hook.Index}",
            HttpMethod = WebhookHttpMethod.Post,
            Payload = "{\"bench\":true}",
            ScheduleType = hook.OnceAt is null ? ScheduleType.Recurring : ScheduleType.Once,
            ScheduledAt = hook.OnceAt,
            CronExpression = hook.Cron,
            TimeZone = "UTC",
            StartsAt = hook.StartsAt,
            EndsAt = hook.EndsAt,
            MissedRunPolicy = MissedRunPolicy.RunOnce,
            MaxRetries = 0,
            RetryDelaySeconds = 10,
            TimeoutSeconds = hook.TimeoutSeconds,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await stack.Data.CopyWebhooksAsync(webhooks);
    }

    /// <summary>Seconds, from now, whole, at least <paramref name="lead"/> away: one-time webhooks placed on them share one trigger per second.</summary>
    public static DateTimeOffset WholeSecondAfter(TimeSpan lead)
    {
        var t = DateTimeOffset.UtcNow + lead;
        return new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
    }
}
