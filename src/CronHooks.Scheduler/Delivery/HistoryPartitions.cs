using CronHooks.Infrastructure.Quotas;
using Npgsql;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The history's partitions: created ahead of the occurrences that will fill them, dropped whole when
/// they fall out of retention. The partitioning itself lives in the database (functions created by the
/// QueueAndHistory migration), so every node and the migration name and bound partitions the same way.
/// </summary>
public sealed class HistoryPartitions(NpgsqlDataSource dataSource)
{
    // One node at a time; the others skip this round instead of queuing behind it.
    private const long UpkeepLock = 0x43726F6E48697374; // "CronHist"

    /// <summary>What one round of upkeep did, or null when another node was doing it.</summary>
    public sealed record Upkeep(int Created, int Dropped, int DeletedFromDefault);

    /// <summary>
    /// Creates the partitions of <paramref name="width"/> from one width before now to <paramref name="ahead"/>
    /// widths after it, drops those that ended more than <paramref name="retention"/> ago, and deletes up to
    /// <paramref name="batch"/> rows older than that from the default partition. Waits at most
    /// <paramref name="lockTimeout"/> for the history's locks: a long read then delays retention, never deliveries.
    /// </summary>
    public async Task<Upkeep?> MaintainAsync(TimeSpan width, int ahead, TimeSpan retention, int batch, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locked = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            locked.Parameters.AddWithValue("key", UpkeepLock);
            if (await locked.ExecuteScalarAsync(cancellationToken) is not true)
                return null;
        }
        await using (var timeout = new NpgsqlCommand($"SET LOCAL lock_timeout = {(int)lockTimeout.TotalMilliseconds}", connection, transaction))
            await timeout.ExecuteNonQueryAsync(cancellationToken);

        await using var command = new NpgsqlCommand("""
            SELECT cronhooks_create_execution_partitions(now() - @width, now() + @width * @ahead, @width), d.dropped, d.deleted
            FROM cronhooks_drop_execution_partitions(now() - @retention, @batch) d
            """, connection, transaction);
        command.Parameters.AddWithValue("width", width);
        command.Parameters.AddWithValue("ahead", ahead);
        command.Parameters.AddWithValue("retention", retention);
        command.Parameters.AddWithValue("batch", batch);
        Upkeep upkeep;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            upkeep = new Upkeep(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }
        // The quotas' counters: only the current minute and day are read, older ones are kept a while for operators.
        await using (var counters = new NpgsqlCommand($"""
            DELETE FROM {QuotaCounters.Attempts} WHERE minute < now() - @minutes;
            DELETE FROM {QuotaCounters.HostAttempts} WHERE minute < now() - @minutes;
            DELETE FROM {QuotaCounters.BodyBytes} WHERE day < {QuotaCounters.Today} - @days;
            """, connection, transaction))
        {
            counters.Parameters.AddWithValue("minutes", QuotaCounters.MinutesKept);
            counters.Parameters.AddWithValue("days", (int)QuotaCounters.DaysKept.TotalDays);
            await counters.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return upkeep;
    }
}
