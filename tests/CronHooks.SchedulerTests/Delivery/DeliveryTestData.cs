using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CronHooks.SchedulerTests.Delivery;

/// <summary>Writes owners, webhooks and queued attempts straight into a database, as the API and clock would.</summary>
internal sealed class DeliveryTestData(string connectionString)
{
    /// <summary>Far in the future, so a clock running next to the engine never fires these webhooks itself.</summary>
    public static readonly DateTimeOffset NeverFires = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestData data = new(connectionString);

    public CronHooksDbContext Db() => data.Db();

    public Task<Guid> CreateOwnerAsync() => data.CreateUserAsync();

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
        return await data.InsertWebhookAsync(webhook);
    }

    /// <summary>Queues attempt 1 of an occurrence (due at <paramref name="dueAt"/>, default now) and returns its id.</summary>
    public Task<Guid> EnqueueAsync(Webhook webhook, DateTimeOffset? scheduledFor = null, DateTimeOffset? dueAt = null,
        ExecutionTrigger trigger = ExecutionTrigger.Schedule)
    {
        var occurrence = Microseconds(scheduledFor ?? DateTimeOffset.UtcNow);
        return AttemptRows.InsertAsync(new AttemptRows.Row(webhook.Id, webhook.OwnerId, "Pending", occurrence, DateTimeOffset.UtcNow,
            DueAt: dueAt ?? occurrence, Trigger: trigger.ToString()), connectionString);
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
