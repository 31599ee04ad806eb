using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Clock;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Webhooks written the way the API writes them — the row and its schedule-outbox row in one
/// transaction — through the shared <see cref="TestData"/>, so clock tests need no API process.
/// </summary>
internal static class ClockTestData
{
    /// <summary>Empties the application tables and Quartz's (no node may be running).</summary>
    public static async Task ResetAsync()
    {
        await TestDatabase.ResetAsync();
        await ExecuteAsync("""
            DO $$ DECLARE t text; BEGIN
              FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'quartz' LOOP
                EXECUTE format('TRUNCATE quartz.%I CASCADE', t);
              END LOOP;
            END $$;
            """);
    }

    /// <summary>An instant <paramref name="seconds"/> from now, to the millisecond (PostgreSQL keeps microseconds, .NET ticks).</summary>
    public static DateTimeOffset SecondsFromNow(double seconds)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(seconds);
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public static Task<Guid> CreateUserAsync() => TestData.Default.CreateUserAsync();

    public static Task<Guid> InsertOnceAsync(
        Guid owner, DateTimeOffset at, MissedRunPolicy policy = MissedRunPolicy.RunOnce, bool outbox = true, bool active = true, string? url = null) =>
        InsertAsync(owner, ScheduleType.Once, at, null, "UTC", null, null, policy, outbox, notify: true, active, url);

    /// <summary>
    /// One-time webhooks at <paramref name="instants"/> and, when <paramref name="outbox"/>, their outbox rows, in one
    /// transaction, as a burst of API creates would commit them.
    /// </summary>
    public static async Task<Guid[]> InsertOnceWebhooksAsync(Guid owner, IReadOnlyList<DateTimeOffset> instants, bool active = true, bool outbox = true)
    {
        var webhooks = instants.Select(at => NewWebhook(owner, ScheduleType.Once, at, null, "UTC", null, null, MissedRunPolicy.RunOnce, active)).ToList();
        await TestData.Default.CopyWebhooksAsync(webhooks, outbox);
        return [.. webhooks.Select(w => w.Id)];
    }

    public static Task<Guid> InsertCronAsync(
        Guid owner, string cron, string timeZone = "UTC", DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null,
        MissedRunPolicy policy = MissedRunPolicy.RunOnce, bool outbox = true, bool notify = true, bool active = true) =>
        InsertAsync(owner, ScheduleType.Recurring, null, cron, timeZone, startsAt, endsAt, policy, outbox, notify, active);

    public static string KeyOf(string cron, string timeZone = "UTC") => ScheduleKey.ForCron(cron, timeZone);

    /// <summary>A webhook with <paramref name="jitterSeconds"/> on a cron or, with <paramref name="intervalSeconds"/>, an interval schedule.</summary>
    public static async Task<Webhook> InsertJitteredAsync(
        Guid owner, int jitterSeconds, string? cron = null, int? intervalSeconds = null, DateTimeOffset? anchor = null, DateTimeOffset? createdAt = null)
    {
        var webhook = NewWebhook(owner, intervalSeconds is null ? ScheduleType.Recurring : ScheduleType.Interval, null, cron, "UTC", null, null,
            MissedRunPolicy.RunOnce, active: true);
        webhook.JitterSeconds = jitterSeconds;
        webhook.IntervalSeconds = intervalSeconds;
        webhook.Anchor = intervalSeconds is null ? null : anchor;
        if (createdAt is { } created)
            webhook = CopyCreatedAt(webhook, created);
        return await TestData.Default.InsertWebhookAsync(webhook, outbox: true);
    }

    private static Webhook CopyCreatedAt(Webhook w, DateTimeOffset createdAt) => new()
    {
        Id = w.Id, OwnerId = w.OwnerId, Name = w.Name, Url = w.Url, ScheduleType = w.ScheduleType, CronExpression = w.CronExpression,
        TimeZone = w.TimeZone, MissedRunPolicy = w.MissedRunPolicy, IsActive = w.IsActive, MaxRetries = w.MaxRetries,
        RetryDelaySeconds = w.RetryDelaySeconds, TimeoutSeconds = w.TimeoutSeconds, JitterSeconds = w.JitterSeconds,
        IntervalSeconds = w.IntervalSeconds, Anchor = w.Anchor, CreatedAt = createdAt, UpdatedAt = createdAt,
    };

    /// <summary>The clock's missed-occurrence accounting on <paramref name="dataSource"/>, as a node wires it.</summary>
    public static MissedOccurrences MissedOccurrences(NpgsqlDataSource dataSource) =>
        new(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<MissedOccurrences>.Instance);

    /// <summary>Sets every webhook's catch-up window (seconds), for tests about occurrences enqueued long after they were due.</summary>
    public static Task SetCatchUpWindowAsync(int seconds) => ExecuteAsync("UPDATE webhooks SET catchup_window_seconds = $1", seconds);

    /// <summary>The occurrences of a webhook recorded skipped with <paramref name="errorKind"/>, oldest first, with their messages.</summary>
    public static async Task<(string ScheduledFor, string Message)[]> SkippedAsync(Guid webhookId, string errorKind = "missed")
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT scheduled_for, error_message FROM executions WHERE webhook_id = $1 AND status = 'Skipped' AND error_kind = $2 ORDER BY scheduled_for", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        command.Parameters.Add(new NpgsqlParameter { Value = errorKind });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0).ToString("O"), reader.GetString(1)));
        return [.. rows];
    }

    /// <summary>Deletes a webhook and writes its outbox row, as DELETE /webhooks/{id} does.</summary>
    public static async Task DeleteAsync(Guid webhookId)
    {
        await ExecuteAsync("""
            WITH gone AS (DELETE FROM webhooks WHERE id = $1 RETURNING schedule_key)
            INSERT INTO schedule_outbox (schedule_key, created_at) SELECT schedule_key, now() FROM gone
            """, webhookId);
    }

    public static async Task<int> ExecutionCountAsync(Guid webhookId) =>
        (int)(await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM all_executions WHERE webhook_id = $1", webhookId));

    public static async Task<long> OutboxCountAsync() => await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM schedule_outbox");

    /// <summary>The names of the schedule triggers, in ordinal order.</summary>
    public static async Task<List<string>> TriggerNamesAsync()
    {
        var names = await TestDatabase.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(trigger_name ORDER BY trigger_name COLLATE \"C\"), '{}') FROM quartz.qrtz_triggers WHERE trigger_group = 'schedules'");
        return [.. names!];
    }

    public static async Task<bool> TriggerExistsAsync(string scheduleKey) =>
        await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name = $1", scheduleKey) > 0;

    public static async Task<(string ScheduledFor, string Status, int Attempt, string Trigger, DateTimeOffset DueAt, Guid Owner)[]> ExecutionsAsync(Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT scheduled_for, status, attempt_number, trigger, due_at, owner_id FROM all_executions WHERE webhook_id = $1 ORDER BY scheduled_for", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, int, string, DateTimeOffset, Guid)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0).ToString("O"), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetGuid(5)));
        }
        return [.. rows];
    }

    /// <summary>
    /// Until disposed, every attempt of <paramref name="owner"/>'s webhooks is refused with
    /// <c>read_only_sql_transaction</c>, as a demoted primary refuses writes; other owners' attempts go in.
    /// </summary>
    public static async Task<IAsyncDisposable> RefuseAttemptsAsReadOnlyAsync(Guid owner)
    {
        var name = "refuse_" + owner.ToString("N");
        await ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'cannot execute INSERT in a read-only transaction' USING ERRCODE = 'read_only_sql_transaction';
            END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON execution_queue
                FOR EACH ROW WHEN (NEW.owner_id = '{owner}') EXECUTE FUNCTION {name}();
            """);
        return new Refusal(name);
    }

    private sealed class Refusal(string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP TRIGGER {name} ON execution_queue; DROP FUNCTION {name}();");
    }

    public static async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Guid> InsertAsync(
        Guid owner, ScheduleType type, DateTimeOffset? at, string? cron, string timeZone, DateTimeOffset? startsAt, DateTimeOffset? endsAt,
        MissedRunPolicy policy, bool outbox, bool notify, bool active = true, string? url = null) =>
        (await TestData.Default.InsertWebhookAsync(NewWebhook(owner, type, at, cron, timeZone, startsAt, endsAt, policy, active, url), outbox, notify)).Id;

    private static Webhook NewWebhook(
        Guid owner, ScheduleType type, DateTimeOffset? at, string? cron, string timeZone, DateTimeOffset? startsAt, DateTimeOffset? endsAt,
        MissedRunPolicy policy, bool active, string? url = null) => new()
    {
        Id = Guid.NewGuid(), OwnerId = owner, Name = "clock test", Url = url ?? "http://127.0.0.1:9/hook",
        ScheduleType = type, ScheduledAt = at, CronExpression = cron, TimeZone = timeZone, StartsAt = startsAt, EndsAt = endsAt,
        MissedRunPolicy = policy, IsActive = active, MaxRetries = 0, RetryDelaySeconds = 60, TimeoutSeconds = 30,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };
}
