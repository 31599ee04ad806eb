using System.Collections.Concurrent;
using System.Text.Json;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using CronHooks.TestSupport.Host;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.TestSupport;

/// <summary>
/// Writes users and webhooks straight into a database, as the API would commit them: secrets encrypted under
/// <see cref="TestSecrets"/>, and a webhook's schedule-outbox row in the same transaction. One webhook goes in through
/// EF Core (every mapped column, as the application writes it); many at once through binary COPY.
/// </summary>
public sealed class TestData(string connectionString)
{
    // As the application builds it: webhooks.headers is jsonb mapped from a dictionary.
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    /// <summary>The run's test database.</summary>
    public static TestData Default => new(TestDatabase.ConnectionString);

    /// <summary>A context on this database, mapped as the application maps it.</summary>
    public CronHooksDbContext Db() => new(new DbContextOptionsBuilder<CronHooksDbContext>()
        .UseNpgsql(DataSources.GetOrAdd(connectionString, cs => new NpgsqlDataSourceBuilder(cs).EnableDynamicJson().Build()))
        .UseSnakeCaseNamingConvention().Options);

    /// <summary>A user who can own webhooks (no usable password: tests that sign in register through the API).</summary>
    public async Task<Guid> CreateUserAsync(string? username = null)
    {
        var id = Guid.CreateVersion7();
        await InsertUsersAsync([id], [username ?? "u" + id.ToString("N")[^12..]]);
        return id;
    }

    /// <summary><paramref name="count"/> users named <c>{prefix}{n}</c>, n from 1.</summary>
    public async Task<Guid[]> CreateUsersAsync(int count, string prefix)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await InsertUsersAsync(ids, [.. Enumerable.Range(1, count).Select(n => prefix + n)]);
        return ids;
    }

    private async Task InsertUsersAsync(Guid[] ids, string[] names)
    {
        await using var connection = await OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at)
            SELECT id, name, name || '@example.com', 'not-a-hash', now(), now() FROM unnest(@ids, @names) AS t(id, name)
            """, connection);
        insert.Parameters.AddWithValue("ids", ids);
        insert.Parameters.AddWithValue("names", names);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Stores <paramref name="webhook"/>, whose header values and signing secrets are plaintext: they are stored encrypted,
    /// and the object is left holding the stored (encrypted) values. With <paramref name="outbox"/> its schedule-outbox
    /// row goes in the same transaction; without <paramref name="notify"/> nobody is woken (a lost notification).
    /// </summary>
    public async Task<Webhook> InsertWebhookAsync(Webhook webhook, bool outbox = false, bool notify = true)
    {
        Prepare(webhook);
        webhook.RefreshScheduleKey();
        await using var db = Db();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!notify)
            await db.Database.ExecuteSqlRawAsync("SET LOCAL session_replication_role = replica");
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        if (outbox)
            await db.Database.ExecuteSqlAsync($"INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ({webhook.ScheduleKey}, now())");
        await transaction.CommitAsync();
        return webhook;
    }

    /// <summary>
    /// Stores many webhooks fast (binary COPY), then, with <paramref name="outbox"/>, one schedule-outbox row per distinct
    /// schedule key, in one transaction — as a burst of API creates would commit them. Columns not written (alerts, key,
    /// previous secret) take their defaults; signing secrets are encrypted for each webhook.
    /// </summary>
    public async Task CopyWebhooksAsync(IReadOnlyList<Webhook> webhooks, bool outbox = true)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY webhooks (id, owner_id, name, url, http_method, headers, payload, schedule_type, scheduled_at, cron_expression,
                time_zone, starts_at, ends_at, missed_run_policy, is_active, max_retries, retry_delay_seconds, timeout_seconds,
                signing_secret, created_at, updated_at, schedule_key) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var webhook in webhooks)
            {
                Prepare(webhook);
                webhook.RefreshScheduleKey();
                await copy.StartRowAsync();
                await copy.WriteAsync(webhook.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(webhook.OwnerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(webhook.Name, NpgsqlDbType.Varchar);
                await copy.WriteAsync(webhook.Url, NpgsqlDbType.Varchar);
                await copy.WriteAsync(webhook.HttpMethod.ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(JsonSerializer.Serialize(webhook.Headers), NpgsqlDbType.Jsonb);
                await WriteAsync(copy, webhook.Payload, NpgsqlDbType.Text);
                await copy.WriteAsync(webhook.ScheduleType.ToString(), NpgsqlDbType.Varchar);
                await WriteAsync(copy, webhook.ScheduledAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await WriteAsync(copy, webhook.CronExpression, NpgsqlDbType.Varchar);
                await copy.WriteAsync(webhook.TimeZone, NpgsqlDbType.Varchar);
                await WriteAsync(copy, webhook.StartsAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await WriteAsync(copy, webhook.EndsAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(webhook.MissedRunPolicy.ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(webhook.IsActive, NpgsqlDbType.Boolean);
                await copy.WriteAsync(webhook.MaxRetries, NpgsqlDbType.Integer);
                await copy.WriteAsync(webhook.RetryDelaySeconds, NpgsqlDbType.Integer);
                await copy.WriteAsync(webhook.TimeoutSeconds, NpgsqlDbType.Integer);
                await copy.WriteAsync(webhook.SigningSecret, NpgsqlDbType.Varchar);
                await copy.WriteAsync(webhook.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(webhook.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(webhook.ScheduleKey, NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        if (outbox)
        {
            await using var rows = new NpgsqlCommand(
                "INSERT INTO schedule_outbox (schedule_key, created_at) SELECT key, now() FROM unnest(@keys) AS key", connection, transaction);
            rows.Parameters.AddWithValue("keys", webhooks.Select(w => w.ScheduleKey).Distinct().ToArray());
            await rows.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null)
            await copy.WriteNullAsync();
        else
            await copy.WriteAsync(value, type);
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, DateTimeOffset? value, NpgsqlDbType type)
    {
        if (value is { } v)
            await copy.WriteAsync(v, type);
        else
            await copy.WriteNullAsync();
    }

    /// <summary>Encrypts the plaintext secrets and headers, and puts instants in UTC (the only offset timestamptz takes).</summary>
    private static void Prepare(Webhook webhook)
    {
        webhook.ScheduledAt = webhook.ScheduledAt?.ToUniversalTime();
        webhook.StartsAt = webhook.StartsAt?.ToUniversalTime();
        webhook.EndsAt = webhook.EndsAt?.ToUniversalTime();
        webhook.UpdatedAt = webhook.UpdatedAt.ToUniversalTime();
        var protector = TestSecrets.Protector;
        var context = WebhookSecrets.SigningSecretContext(webhook.Id);
        if (webhook.SigningSecret.Length == 0)
            webhook.SigningSecret = SigningSecret.Generate();
        webhook.Headers = protector.ProtectHeaders(webhook.Id, webhook.Headers);
        webhook.SigningSecret = protector.Protect(webhook.SigningSecret, context);
        if (webhook.PreviousSigningSecret is { } previous)
            webhook.PreviousSigningSecret = protector.Protect(previous, context);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
