using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.SchedulerTests.Harness;
using CronHooks.TestSupport;
using Npgsql;

namespace CronHooks.SchedulerTests.Clock;

/// <summary>
/// Webhooks written the way the API writes them — the row and its schedule-outbox row in one
/// transaction — straight with SQL, so clock tests need no API process.
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

    public static async Task<Guid> CreateUserAsync()
    {
        var id = Guid.NewGuid();
        var name = "u" + id.ToString("N")[..12];
        await ExecuteAsync(
            "INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at) VALUES ($1, $2, $3, 'x', now(), now())",
            id, name, name + "@example.com");
        return id;
    }

    public static Task<Guid> InsertOnceAsync(
        Guid owner, DateTimeOffset at, MissedRunPolicy policy = MissedRunPolicy.RunOnce, bool outbox = true, bool active = true, string? url = null) =>
        InsertAsync(owner, ScheduleType.Once, at, null, "UTC", null, null, policy, outbox, notify: true, active, url);

    /// <summary>
    /// One-time webhooks at <paramref name="instants"/> and, when <paramref name="outbox"/>, their outbox rows, in one
    /// transaction, as a burst of API creates would commit them.
    /// </summary>
    public static async Task<Guid[]> InsertOnceWebhooksAsync(Guid owner, IReadOnlyList<DateTimeOffset> instants, bool active = true, bool outbox = true)
    {
        var ids = instants.Select(_ => Guid.NewGuid()).ToArray();
        var keys = instants.Select(ScheduleKey.ForInstant).ToArray();
        var secret = TestSecrets.Protector.Protect(SigningSecret.Generate(), WebhookSecrets.SigningSecretContext(Guid.Empty));

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, time_zone,
                missed_run_policy, is_active, max_retries, retry_delay_seconds, timeout_seconds, signing_secret, created_at, updated_at, schedule_key)
            SELECT id, $1, 'clock test', 'http://127.0.0.1:9/hook', 'Post', '{}', 'Once', at, 'UTC',
                'RunOnce', $6, 0, 60, 30, $5, now(), now(), key
            FROM unnest($2::uuid[], $3::timestamptz[], $4::text[]) AS t(id, at, key)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = owner });
            insert.Parameters.Add(new NpgsqlParameter { Value = ids });
            insert.Parameters.Add(new NpgsqlParameter { Value = instants.Select(i => i.UtcDateTime).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = keys });
            insert.Parameters.Add(new NpgsqlParameter { Value = secret });
            insert.Parameters.Add(new NpgsqlParameter { Value = active });
            await insert.ExecuteNonQueryAsync();
        }
        if (outbox)
        {
            await using var rows = new NpgsqlCommand(
                "INSERT INTO schedule_outbox (schedule_key, created_at) SELECT key, now() FROM unnest($1::text[]) AS key", connection, transaction);
            rows.Parameters.Add(new NpgsqlParameter { Value = keys });
            await rows.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return ids;
    }

    public static Task<Guid> InsertCronAsync(
        Guid owner, string cron, string timeZone = "UTC", DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null,
        MissedRunPolicy policy = MissedRunPolicy.RunOnce, bool outbox = true, bool notify = true, bool active = true) =>
        InsertAsync(owner, ScheduleType.Recurring, null, cron, timeZone, startsAt, endsAt, policy, outbox, notify, active);

    public static string KeyOf(string cron, string timeZone = "UTC") => ScheduleKey.ForCron(cron, timeZone);

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
        MissedRunPolicy policy, bool outbox, bool notify, bool active = true, string? url = null)
    {
        var webhook = new Webhook
        {
            Id = Guid.NewGuid(), OwnerId = owner, Name = "clock test", Url = url ?? "http://127.0.0.1:9/hook",
            ScheduleType = type, ScheduledAt = at, CronExpression = cron, TimeZone = timeZone,
        };
        webhook.RefreshScheduleKey();

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!notify)
        {
            // Stands in for a lost notification: the row is committed but nobody is woken.
            await using var quiet = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction);
            await quiet.ExecuteNonQueryAsync();
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO webhooks (id, owner_id, name, url, http_method, headers, schedule_type, scheduled_at, cron_expression, time_zone,
                starts_at, ends_at, missed_run_policy, is_active, max_retries, retry_delay_seconds, timeout_seconds, signing_secret,
                created_at, updated_at, schedule_key)
            VALUES ($1, $2, 'clock test', $3, 'Post', '{}', $4, $5, $6, $7, $8, $9, $10, $11, 0, 60, 30, $13, now(), now(), $12)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = owner });
            insert.Parameters.Add(new NpgsqlParameter { Value = webhook.Url });
            insert.Parameters.Add(new NpgsqlParameter { Value = type.ToString() });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = at?.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = cron });
            insert.Parameters.Add(new NpgsqlParameter { Value = timeZone });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = startsAt?.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = endsAt?.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter { Value = policy.ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = active });
            insert.Parameters.Add(new NpgsqlParameter { Value = webhook.ScheduleKey });
            // Encrypted as the API stores it, so a node that delivers this webhook can sign with it.
            insert.Parameters.Add(new NpgsqlParameter { Value = TestSecrets.Protector.Protect(SigningSecret.Generate(), WebhookSecrets.SigningSecretContext(webhook.Id)) });
            await insert.ExecuteNonQueryAsync();
        }
        if (outbox)
        {
            await using var change = new NpgsqlCommand("INSERT INTO schedule_outbox (schedule_key, created_at) VALUES ($1, now())", connection, transaction);
            change.Parameters.Add(new NpgsqlParameter { Value = webhook.ScheduleKey });
            await change.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return webhook.Id;
    }
}
