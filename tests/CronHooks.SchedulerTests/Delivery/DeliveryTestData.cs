using System.Collections.Concurrent;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using CronHooks.SchedulerTests.Harness;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Writes owners, webhooks and queued attempts straight into a database, as the API and clock would.</summary>
internal sealed class DeliveryTestData(string connectionString)
{
    /// <summary>Far in the future, so a clock running next to the engine never fires these webhooks itself.</summary>
    public static readonly DateTimeOffset NeverFires = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // As the application builds it: webhooks.headers is jsonb mapped from a dictionary.
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    public CronHooksDbContext Db() => new(new DbContextOptionsBuilder<CronHooksDbContext>()
        .UseNpgsql(DataSources.GetOrAdd(connectionString, cs => new NpgsqlDataSourceBuilder(cs).EnableDynamicJson().Build()))
        .UseSnakeCaseNamingConvention().Options);

    public async Task<Guid> CreateOwnerAsync()
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            "INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at) VALUES (@p0, @p1, @p2, 'x', now(), now())",
            id, "u" + id.ToString("N")[..12], $"{id:N}@example.com");
        return id;
    }

    /// <summary>
    /// Stores a webhook. <paramref name="configure"/> sets header values and signing secrets in plaintext;
    /// they are stored encrypted through the real protector, as the API stores them. The returned webhook
    /// holds the stored (encrypted) values.
    /// </summary>
    public async Task<Webhook> CreateWebhookAsync(Guid ownerId, string url, Action<Webhook>? configure = null)
    {
        var now = DateTimeOffset.UtcNow;
        var webhook = new Webhook
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = "test",
            Url = url,
            HttpMethod = WebhookHttpMethod.Post,
            ScheduleType = ScheduleType.Once,
            ScheduledAt = NeverFires,
            MaxRetries = 0,
            RetryDelaySeconds = 1,
            // Generous: the test machine is small and busy; tests about timeouts set their own.
            TimeoutSeconds = 30,
            SigningSecret = SigningSecret.Generate(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        configure?.Invoke(webhook);
        Encrypt(webhook);
        webhook.RefreshScheduleKey();
        await using var db = Db();
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        return webhook;
    }

    private static void Encrypt(Webhook webhook)
    {
        var protector = TestSecrets.Protector;
        var context = WebhookSecrets.SigningSecretContext(webhook.Id);
        webhook.Headers = protector.ProtectHeaders(webhook.Id, webhook.Headers);
        webhook.SigningSecret = protector.Protect(webhook.SigningSecret, context);
        if (webhook.PreviousSigningSecret is { } previous)
            webhook.PreviousSigningSecret = protector.Protect(previous, context);
    }

    /// <summary>Queues attempt 1 of an occurrence (due at <paramref name="dueAt"/>, default now) and returns its id.</summary>
    public async Task<Guid> EnqueueAsync(Webhook webhook, DateTimeOffset? scheduledFor = null, DateTimeOffset? dueAt = null,
        ExecutionTrigger trigger = ExecutionTrigger.Schedule)
    {
        var id = Guid.CreateVersion7();
        var occurrence = Microseconds(scheduledFor ?? DateTimeOffset.UtcNow);
        await ExecuteAsync("""
            INSERT INTO execution_queue (id, webhook_id, owner_id, attempt_number, trigger, scheduled_for, due_at, created_at)
            VALUES (@p0, @p1, @p2, 1, @p3, @p4, @p5, now())
            """, id, webhook.Id, webhook.OwnerId, trigger.ToString(), occurrence, dueAt ?? occurrence);
        return id;
    }

    /// <summary>Every attempt of a webhook, first attempt first.</summary>
    public async Task<List<Execution>> ExecutionsAsync(Guid webhookId)
    {
        await using var db = Db();
        return await db.Executions.AsNoTracking().Where(e => e.WebhookId == webhookId)
            .OrderBy(e => e.ScheduledFor).ThenBy(e => e.AttemptNumber).ToListAsync();
    }

    public async Task<Execution> ExecutionAsync(Guid id)
    {
        await using var db = Db();
        return await db.Executions.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters.AddWithValue("p" + i, parameters[i]);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters.AddWithValue("p" + i, parameters[i]);
        return await command.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
}
