using CronHooks.Infrastructure.Persistence;
using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Per-schedule-key advisory locks, held until the transaction ends, so two nodes never decide about the
/// same key at once. A batch takes all its keys' locks in one statement.
/// </summary>
internal static class ScheduleKeyLocks
{
    /// <summary>
    /// Locks every key of <paramref name="keys"/> in the caller's transaction. The locks are taken in the
    /// order of their lock ids (not of the keys), so two batches can never wait for each other in a cycle,
    /// even when two keys share a hash.
    /// </summary>
    public static async Task AcquireAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        // The ORDER BY keeps the subquery from being flattened, so the locks are taken in that order.
        var locks = new NpgsqlBatchCommand("""
            SELECT count(pg_advisory_xact_lock(id))
            FROM (SELECT DISTINCT hashtextextended(key, 0) AS id FROM unnest(@keys::text[]) AS key ORDER BY id) AS ids
            """);
        locks.Parameters.AddWithValue("keys", keys.ToArray());
        // Bounded: a node frozen holding one of these keys makes this batch fail and be applied again, not wait on it.
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { SessionLimits.BoundLockWaits(), locks } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
