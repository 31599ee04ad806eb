using System.Diagnostics;
using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CronHooks.SchedulerTests.Harness;

/// <summary>
/// A PostgreSQL server of the test's own (started with the repository's scripts/postgres.sh), for tests
/// that stop and restart the database under a running engine without disturbing the shared test server.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cronhooks-restart-pg.").FullName;
    private readonly int port = FreePort.Next();

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivatePostgres> StartWithDatabaseAsync()
    {
        var server = new PrivatePostgres();
        await server.StartAsync();
        var admin = $"Host=127.0.0.1;Port={server.port};Username=postgres;Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE cronhooks", connection);
            await create.ExecuteNonQueryAsync();
        }
        server.ConnectionString = $"Host=127.0.0.1;Port={server.port};Username=postgres;Database=cronhooks;Timeout=5;Command Timeout=10";
        await using var db = new CronHooksDbContext(new DbContextOptionsBuilder<CronHooksDbContext>()
            .UseNpgsql(server.ConnectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention().Options);
        await db.Database.MigrateAsync();
        return server;
    }

    public Task StartAsync() => ScriptAsync($"PG_FSYNC=off pg_start '{directory}' {port}");

    /// <summary>A fast shutdown: open connections are cut, as in a database restart or failover.</summary>
    public Task StopAsync() => ScriptAsync($"pg_stop '{directory}'");

    private static async Task ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($". scripts/postgres.sh && {command}");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            Assert.Fail($"'{command}' failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
