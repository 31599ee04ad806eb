using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Infrastructure.Identity;

/// <summary>
/// Counts and records a guess in one short transaction holding a transaction-scoped advisory lock on the name:
/// the next guess for that name waits for the commit and sees the row, so at most the threshold pass.
/// </summary>
internal sealed class PasswordGuessLimit(NpgsqlDataSource dataSource, IOptions<ResourceLimits> limits) : IPasswordGuessLimit
{
    public async Task<TimeSpan?> TryStartGuessAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = limits.Value.LoginFailureWindow;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockName = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('password-guess:' || $1, 0))", connection, transaction))
        {
            lockName.Parameters.Add(new NpgsqlParameter { Value = key });
            await lockName.ExecuteNonQueryAsync(cancellationToken);
        }

        // A new statement after the lock: its snapshot includes the rows the previous holder committed.
        await using var command = new NpgsqlCommand("""
            WITH recent AS (
                SELECT failed_at FROM login_failures WHERE username = $1 AND failed_at > $2 ORDER BY failed_at DESC LIMIT $3),
            expired AS (
                DELETE FROM login_failures WHERE username = $1 AND failed_at <= $2),
            reserved AS (
                INSERT INTO login_failures (username, failed_at) SELECT $1, $4 WHERE (SELECT count(*) FROM recent) < $3)
            SELECT CASE WHEN count(*) >= $3 THEN min(failed_at) END FROM recent
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = now - window });
        command.Parameters.Add(new NpgsqlParameter { Value = limits.Value.MaxLoginFailures });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        var oldest = await command.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return oldest is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) + window - now : null;
    }

    public async Task ClearAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM login_failures WHERE username = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
