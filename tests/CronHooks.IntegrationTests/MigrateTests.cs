using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Persistence;
using CronHooks.IntegrationTests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CronHooks.IntegrationTests;

/// <summary>The migrate step (`CronHooks.Api.dll migrate`, run by ./run.sh) as a first-time user sees it.</summary>
public sealed class MigrateTests
{
    [Test]
    public async Task Migrate_WhenTheDatabaseIsEmpty_AppliesEverythingAndLogsNoWarningOrError()
    {
        var empty = await TestDatabase.CreateEmptyAsync();
        var logs = new CapturedLogs();
        await using var services = Services(empty, logs);

        await DatabaseMigrator.MigrateAsync(services);

        var loud = logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)
            || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.That(loud, Is.Empty);
        Assert.That(logs.Lines, Has.Some.Contains("Database schema is current"));
        await using var connection = new NpgsqlConnection(empty);
        await connection.OpenAsync();
        await using var applied = new NpgsqlCommand("SELECT count(*) FROM __ef_migrations_history", connection);
        Assert.That(await applied.ExecuteScalarAsync(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Migrate_WhenRunTwice_SecondRunAppliesNothingAndLogsNoWarningOrError()
    {
        var empty = await TestDatabase.CreateEmptyAsync();
        await using (var first = Services(empty, new CapturedLogs()))
            await DatabaseMigrator.MigrateAsync(first);
        var logs = new CapturedLogs();
        await using var services = Services(empty, logs);

        await DatabaseMigrator.MigrateAsync(services);

        Assert.That(logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty);
        Assert.That(logs.Lines, Has.Some.Contains("(0 migrations applied now)"));
    }

    [Test]
    public async Task Migrate_WhenUsernamesDifferOnlyInCase_KeepsTheOldestAndRenamesTheOthers()
    {
        var database = await TestDatabase.CreateEmptyAsync();
        await using (var services = Services(database, new CapturedLogs()))
        {
            // The schema as it was just before usernames became unique regardless of case, with such users in it.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
            var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_UsernamesUniqueIgnoringCase", StringComparison.Ordinal)).Last();
            await db.Database.MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO users (id, username, email, password_hash, created_at, password_changed_at) VALUES
                  ('00000000-0000-0000-0000-00000000000a', 'Alice', 'a1@example.com', 'h', now() - interval '2 days', now()),
                  ('11111111-2222-3333-4444-555555555555', 'alice', 'a2@example.com', 'h', now() - interval '1 day', now()),
                  ('00000000-0000-0000-0000-00000000000b', 'bob', 'b@example.com', 'h', now(), now())
                """);
        }

        await using (var services = Services(database, new CapturedLogs()))
            await DatabaseMigrator.MigrateAsync(services);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var names = new NpgsqlCommand("SELECT username FROM users ORDER BY created_at", connection);
        var usernames = new List<string>();
        await using (var reader = await names.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                usernames.Add(reader.GetString(0));
        Assert.That(usernames, Is.EqualTo(new[] { "Alice", "alice-11111111", "bob" }));
    }

    private static ServiceProvider Services(string connectionString, CapturedLogs logs)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connectionString })
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddInfrastructure(configuration)
            .BuildServiceProvider();
    }
}
