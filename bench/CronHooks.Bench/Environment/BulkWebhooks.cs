using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Bench.Environment;

/// <summary>A webhook the harness inserts directly: index i is called at <c>/r/i</c> on the receiver.</summary>
internal sealed record BulkWebhook(int Index, Guid OwnerId, DateTimeOffset? OnceAt, string? Cron, DateTimeOffset? EndsAt, int TimeoutSeconds = 5, DateTimeOffset? StartsAt = null)
{
    public string ScheduleKey => OnceAt is { } at ? Domain.Scheduling.ScheduleKey.ForInstant(at) : Domain.Scheduling.ScheduleKey.ForCron(Cron!, "UTC");
}

/// <summary>
/// Creates many webhooks fast, bypassing the API: binary COPY into <c>webhooks</c>, then one
/// <c>schedule_outbox</c> row per distinct schedule key — exactly what CreateWebhookHandler writes in its
/// transaction, so the scheduler's ScheduleSyncService picks them up the normal way (NOTIFY, trigger per
/// key). Bypassed: HTTP, JWT auth, validation, the per-user webhook count, EF change tracking.
/// </summary>
internal static class BulkWebhooks
{
    public static async Task InsertAsync(NpgsqlDataSource db, BenchSecrets secrets, string receiverUrl, IReadOnlyList<BulkWebhook> hooks)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY webhooks (id, owner_id, name, url, http_method, headers, payload, schedule_type, scheduled_at, cron_expression,
                time_zone, starts_at, ends_at, missed_run_policy, is_active, max_retries, retry_delay_seconds, timeout_seconds,
                signing_secret, created_at, updated_at, schedule_key) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var hook in hooks)
            {
                var id = Guid.CreateVersion7();
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(hook.OwnerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync($"bench {hook.Index}", NpgsqlDbType.Varchar);
                await copy.WriteAsync($"{receiverUrl}/r/{hook.Index}", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Post", NpgsqlDbType.Varchar);
                await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await copy.WriteAsync("{\"bench\":true}", NpgsqlDbType.Text);
                await copy.WriteAsync(hook.OnceAt is null ? "Recurring" : "Once", NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, hook.OnceAt);
                if (hook.Cron is null) await copy.WriteNullAsync(); else await copy.WriteAsync(hook.Cron, NpgsqlDbType.Varchar);
                await copy.WriteAsync("UTC", NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, hook.StartsAt);
                await WriteNullableAsync(copy, hook.EndsAt);
                await copy.WriteAsync("RunOnce", NpgsqlDbType.Varchar);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(10, NpgsqlDbType.Integer);
                await copy.WriteAsync(hook.TimeoutSeconds, NpgsqlDbType.Integer);
                await copy.WriteAsync(secrets.ProtectSigningSecret(id), NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(hook.ScheduleKey, NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        await using (var outbox = new NpgsqlCommand(
            "INSERT INTO schedule_outbox (schedule_key, created_at) SELECT k, now() FROM unnest(@keys) AS k", connection, transaction))
        {
            outbox.Parameters.AddWithValue("keys", hooks.Select(h => h.ScheduleKey).Distinct().ToArray());
            await outbox.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTimeOffset? value)
    {
        if (value is { } v)
            await copy.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        else
            await copy.WriteNullAsync();
    }

    /// <summary>Seconds, from now, whole, at least <paramref name="lead"/> away: one-time webhooks placed on them share one trigger per second.</summary>
    public static DateTimeOffset WholeSecondAfter(TimeSpan lead)
    {
        var t = DateTimeOffset.UtcNow + lead;
        return new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
    }
}
