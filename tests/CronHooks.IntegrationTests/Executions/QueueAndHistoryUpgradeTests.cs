using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CronHooks.IntegrationTests.Executions;

/// <summary>Upgrading a database from the single executions table to the queue and the partitioned history.</summary>
public sealed class QueueAndHistoryUpgradeTests
{
    private const string LastBeforeSplit = "20261129184443_WebhookCounts";

    [Test]
    public async Task Migrate_WhenTheDatabaseHoldsAttemptsOfEveryStatus_MovesEachWhereItBelongsAndLosesNothing()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        await using var db = new CronHooksDbContext(new DbContextOptionsBuilder<CronHooksDbContext>()
            .UseNpgsql(database, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(LastBeforeSplit);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Three days of history in every status, and the queue's two: 18 finished and 6 queued attempts.
        await ExecuteAsync(connection, """
            INSERT INTO executions (id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                                    response_code, response_body, response_truncated, error_kind, error_message, created_at, finished_at,
                                    lease_owner, lease_expires_at, request_method, request_url, request_headers, request_body)
            SELECT md5(s || d)::uuid, md5(s)::uuid, '00000000-0000-0000-0000-000000000002', s, 1, 'Schedule',
                   now() - make_interval(days => d), now() - make_interval(days => d) + interval '1 hour',
                   CASE WHEN s IN ('Pending', 'Running') THEN NULL ELSE now() - make_interval(days => d) END,
                   CASE WHEN s = 'Success' THEN 200 END, CASE WHEN s = 'Success' THEN 'ok' END, false,
                   CASE WHEN s = 'Failed' THEN 'timeout' END, CASE WHEN s = 'Failed' THEN 'no answer' END,
                   now() - make_interval(days => d), CASE WHEN s IN ('Pending', 'Running') THEN NULL ELSE now() - make_interval(days => d) END,
                   CASE WHEN s = 'Running' THEN 'node-a' END, CASE WHEN s = 'Running' THEN now() + interval '1 minute' END,
                   CASE WHEN s = 'Success' THEN 'POST' END, CASE WHEN s = 'Success' THEN 'https://example.com/' END,
                   CASE WHEN s = 'Success' THEN '{"a":"b"}'::jsonb END, CASE WHEN s = 'Success' THEN '{}' END
            FROM unnest(ARRAY['Pending', 'Running', 'Success', 'Failed', 'Retrying', 'Skipped']) s, generate_series(0, 2) d
            """);
        var before = await RowsAsync(connection, "executions");

        await migrator.MigrateAsync();

        var after = await RowsAsync(connection, "all_executions");
        Assert.That(after, Is.EqualTo(before), "every attempt, every value");
        Assert.That(await ScalarAsync(connection, "SELECT count(*) FROM execution_queue"), Is.EqualTo(6));
        Assert.That(await ScalarAsync(connection, "SELECT count(*) FROM executions"), Is.EqualTo(12));
        Assert.That(await ScalarAsync(connection, "SELECT count(*) FROM execution_queue WHERE lease_owner = 'node-a' AND lease_expires_at > now()"),
            Is.EqualTo(3), "running attempts keep their lease");
        Assert.That(await ScalarAsync(connection, "SELECT count(*) FROM executions_default"), Is.Zero, "a partition for each day of history");
        Assert.That(await ScalarAsync(connection, "SELECT count(DISTINCT tableoid) FROM executions"), Is.EqualTo(3));
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT concat_ws('|', id, webhook_id, owner_id, status, attempt_number, trigger, scheduled_for, due_at, executed_at,
                             response_code, response_body, response_truncated, error_kind, error_message, created_at, finished_at,
                             lease_owner, request_method, request_url, request_headers, request_body)
            FROM {table} ORDER BY id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
