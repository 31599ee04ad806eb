using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The statements on <c>schedule_outbox</c>. A row only says "look at this key again"; whoever discards rows
/// must read the webhooks table after the statement that discarded them, in the same transaction, so the change
/// each row announces (committed with it) is seen.
/// </summary>
internal static class ScheduleOutbox
{
    /// <summary>How many rows are pending, counting no further than <paramref name="limit"/> (the cost stays bounded).</summary>
    public static async Task<long> CountUpToAsync(NpgsqlDataSource dataSource, long limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM (SELECT 1 FROM schedule_outbox LIMIT @limit) AS pending");
        command.Parameters.AddWithValue("limit", limit);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The highest row id now. Rows above it are left to the FIFO; a row at or below it still uncommitted (ids are
    /// handed out before commit) is invisible to a later discard and so is left too.
    /// </summary>
    public static async Task<long> WatermarkAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM schedule_outbox");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The keys of the oldest <paramref name="batchSize"/> unclaimed rows, locked until the transaction ends.</summary>
    /// <returns>How many rows the head held, and their distinct keys.</returns>
    public static async Task<(int Rows, HashSet<string> Keys)> ClaimHeadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int batchSize, CancellationToken cancellationToken)
    {
        var rows = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var claim = new NpgsqlCommand(
            "SELECT schedule_key FROM schedule_outbox ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED", connection, transaction);
        claim.Parameters.AddWithValue("batch", batchSize);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            keys.Add(reader.GetString(0));
        }
        return (rows, keys);
    }

    /// <summary>Deletes every unclaimed row of <paramref name="keys"/> (and the caller's own): one apply stands for all of a key's rows.</summary>
    public static async Task<int> DiscardKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        // ARRAY(…) rather than IN (…): an IN is planned as a hash join over the whole table.
        await using var delete = new NpgsqlCommand("""
            DELETE FROM schedule_outbox WHERE id = ANY(ARRAY(
                SELECT id FROM schedule_outbox WHERE schedule_key = ANY(@keys) FOR UPDATE SKIP LOCKED))
            """, connection, transaction);
        delete.Parameters.AddWithValue("keys", keys.ToArray());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the rows up to <paramref name="watermark"/> whose key is in (<paramref name="after"/>, <paramref name="upTo"/>]
    /// (no upper end when <paramref name="upTo"/> is null).
    /// Unlike the other discards it waits for rows a node has claimed (at most one batch): nodes applying batches never
    /// wait for rows, so this cannot close a cycle, and skipping-and-locking every row would double the cost of a large backlog.
    /// </summary>
    public static async Task<int> DiscardRangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string after, string? upTo, long watermark, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand(
            "DELETE FROM schedule_outbox WHERE schedule_key > @after AND (schedule_key <= @up_to OR @up_to IS NULL) AND id <= @watermark",
            connection, transaction);
        delete.Parameters.AddWithValue("after", after);
        delete.Parameters.Add(new NpgsqlParameter<string?>("up_to", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = upTo });
        delete.Parameters.AddWithValue("watermark", watermark);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
