using Npgsql;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Deletes audit-log entries older than the history's retention, in batches: the log is kept as long as the attempts
/// it explains. It is one small row per change (never per attempt), so row deletes suffice where the history needs partitions.
/// </summary>
public sealed class ExpiredAuditEntries(NpgsqlDataSource dataSource)
{
    /// <summary>Deletes up to <paramref name="batch"/> entries older than <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(TimeSpan retention, int batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM audit_log WHERE id IN (
                SELECT id FROM audit_log WHERE at < now() - @retention ORDER BY at LIMIT @batch)
            """);
        command.Parameters.AddWithValue("retention", retention);
        command.Parameters.AddWithValue("batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
