using Npgsql;

namespace CronHooks.Baseline;

/// <summary>
/// Creates Quartz's tables and the attempts table. Quartz's own embedded DDL is used because the script in
/// Quartz's repository is older than 4.7.3 and fails the store's schema check. Every statement is
/// IF NOT EXISTS, so running it again changes nothing.
/// </summary>
internal static class ProvisionCommand
{
    private const string QuartzDdlResource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    private const string AttemptsDdl = """
        CREATE TABLE IF NOT EXISTS baseline_attempts (
            id bigserial PRIMARY KEY,
            job_key text NOT NULL,
            scheduled_for timestamptz,
            fired_at timestamptz,
            status_code int,
            error text);
        """;

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var connectionString = options.Required("connection");
        await CreateDatabaseIfMissingAsync(connectionString, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(QuartzDdl() + "\n" + AttemptsDdl, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Console.WriteLine($"provisioned database '{connection.Database}'");
        return 0;
    }

    private static string QuartzDdl()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(QuartzDdlResource)
            ?? throw new InvalidOperationException($"The Quartz assembly no longer embeds '{QuartzDdlResource}'.");
        using var reader = new StreamReader(stream);
        // {0} is the table prefix (schema-qualified if a schema is wanted), {1} the bare prefix used in index names.
        return reader.ReadToEnd()
            .Replace("{0}", BaselineQuartz.TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", BaselineQuartz.TablePrefix, StringComparison.Ordinal);
    }

    /// <summary>The baseline lives in a database of its own; the harness only has to name it.</summary>
    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database) || target.Database == "postgres")
            return;
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = target.Database });
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            return;
        var quoted = "\"" + target.Database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another provision run created it first: what we wanted.
        }
    }
}
