using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The cluster-wide lock one reconciliation holds, so nodes take turns rather than all comparing every key at
/// once. A session advisory lock on a connection held for the whole reconciliation (it spans many
/// transactions); if the node dies, PostgreSQL ends the session and the lock goes with it.
/// </summary>
internal sealed class ReconcileLock : IAsyncDisposable
{
    // Shares the advisory-lock space with the per-key locks, whose ids are hashes of "cron-…"/"once-…" keys.
    private const string LockId = "hashtextextended('cronhooks.schedule-reconcile', 0)";

    private readonly NpgsqlConnection connection;

    private ReconcileLock(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>
    /// Takes the lock. <see cref="Waited"/> tells whether another node held it first: then a reconciliation
    /// finished (or its node died) just before this one could start.
    /// </summary>
    public static async Task<ReconcileLock> AcquireAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var attempt = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockId})", connection);
            if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken))!)
                return new ReconcileLock(connection);
            await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({LockId})", connection);
            // Waiting for another node's reconciliation of a large backlog can take as long as that takes.
            wait.CommandTimeout = 0;
            await wait.ExecuteNonQueryAsync(cancellationToken);
            return new ReconcileLock(connection) { Waited = true };
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public bool Waited { get; private init; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Pooled connections are not reset on close, so a session lock must be given back explicitly.
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockId})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection broke: its session, and the lock with it, are gone already, and it is not pooled again.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
