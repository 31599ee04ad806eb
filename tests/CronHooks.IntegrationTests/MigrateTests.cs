using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Persistence;
using CronHooks.IntegrationTests.Security;
using CronHooks.TestSupport;
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
