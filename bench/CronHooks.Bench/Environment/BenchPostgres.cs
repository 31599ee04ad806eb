using Npgsql;

namespace CronHooks.Bench.Environment;

/// <summary>
/// A throwaway PostgreSQL server started with the repository's scripts/postgres.sh (as the <c>postgres</c>
/// user when root, like test.sh), with pg_stat_statements loaded so scenarios can say where time goes.
/// fsync stays on: "every attempt persisted" should cost what it costs in production.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string directory = Path.Combine("/var/tmp", "cronhooks-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; } = FreePort.Next();

    public string Admin => ConnectionString("postgres");

    /// <summary>The postmaster's pid (first line of postmaster.pid): every server process is its child.</summary>
    public int ServerPid => int.Parse(File.ReadLines(Path.Combine(directory, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public string ConnectionString(string database, int maxPool = 100) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size={maxPool};Timeout=30;Command Timeout=600";

    /// <param name="settings">More server settings (<c>--pg name=value,...</c>), set after the restart: reloadable ones only.</param>
    public static async Task<BenchPostgres> StartAsync(string? settings = null)
    {
        var server = new BenchPostgres();
        Console.WriteLine($"starting PostgreSQL on 127.0.0.1:{server.Port} ({server.directory})");
        Script($"pg_start '{server.directory}' {server.Port}");
        await server.ExecuteAsync("postgres", """
            ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';
            ALTER SYSTEM SET max_connections = 400;
            ALTER SYSTEM SET shared_buffers = '256MB';
            ALTER SYSTEM SET log_min_duration_statement = '1s';
            """);
        Script($"pg_stop '{server.directory}'");
        // The old postmaster's socket can linger a moment after it stopped.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Script($"pg_start '{server.directory}' {server.Port}");
                // Known only once the library is loaded: planning time beside execution time in TopStatements.
                await server.ExecuteAsync("postgres", "ALTER SYSTEM SET pg_stat_statements.track_planning = on; SELECT pg_reload_conf();");
                // The plan of any statement slower than a second goes to postgres.log beside its duration (no timing of nodes:
                // free until a statement is that slow), so a rare outlier comes with the plan that made it (PERFORMANCE.md, round 15).
                await server.SetAsync("session_preload_libraries=auto_explain,auto_explain.log_min_duration=1s");
                await server.SetAsync(settings);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                await Task.Delay(1000);
            }
        }
    }

    // A module's settings (auto_explain.*) are known once it is loaded in the session that sets them.
    private async Task SetAsync(string? settings)
    {
        foreach (var setting in (settings ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
            await connection.OpenAsync();
            if (name.Contains('.', StringComparison.Ordinal))
                await new NpgsqlCommand($"LOAD '{name[..name.IndexOf('.')]}'", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"ALTER SYSTEM SET {name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT pg_reload_conf()", connection).ExecuteNonQueryAsync();
        }
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        await ExecuteAsync(name, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void Script(string command) =>
        Repository.Run("bash", $"-c \". scripts/postgres.sh && {command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Script($"pg_stop '{directory}'");
            // Statements slower than a second are in it (log_min_duration_statement): kept beside the services' logs.
            File.Copy(Path.Combine(directory, "server.log"), BenchLogs.For("postgres"), overwrite: true);
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.WriteLine($"warning: could not remove {directory}: {e.Message}");
        }
        return ValueTask.CompletedTask;
    }
}
