using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respawn;

namespace CronHooks.TestSupport;

/// <summary>
/// A fresh database on the test PostgreSQL (started by ./test.sh) with the real migrations applied,
/// created once per test run and reset between tests.
/// </summary>
public static class TestDatabase
{
    private static string shared = "";

    /// <summary>
    /// The database of the running test: the shared one unless <see cref="Scoped"/> names another (a test project that
    /// gives some fixtures a database of their own, so they can run beside each other).
    /// </summary>
    public static string ConnectionString => Scoped?.Invoke() ?? shared;

    /// <summary>The running test's own database, or null for the shared one.</summary>
    public static Func<string?>? Scoped { get; set; }

    public static async Task CreateAsync() => shared = await CreateMigratedAsync();

    /// <summary>A new database with the real migrations applied; returns its connection string.</summary>
    public static async Task<string> CreateMigratedAsync()
    {
        var connectionString = await CreateEmptyAsync();
        await using var db = new CronHooksDbContext(new DbContextOptionsBuilder<CronHooksDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationHistory.TableName))
            .UseSnakeCaseNamingConvention().Options);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    /// <summary>A new database with no schema at all; returns its connection string.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var server = Environment.GetEnvironmentVariable("CRONHOOKS_TEST_PG")
            ?? throw new InvalidOperationException("CRONHOOKS_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL.");
        var name = "cronhooks_it_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Empties every application table (not the migrations history, not Quartz's tables).</summary>
    public static async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // The history's partitions come and go (upkeep, retention tests): the table list is read afresh each time.
        var respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [MigrationHistory.TableName],
        });
        await respawner.ResetAsync(connection);
    }

    public static async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
