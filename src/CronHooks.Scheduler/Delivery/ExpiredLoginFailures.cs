using CronHooks.Application.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Deletes failed-login rows that have left the lockout window. A login only clears its own username's rows,
/// so guesses at names nobody uses would otherwise stay forever and let anyone fill the table.
/// </summary>
public sealed class ExpiredLoginFailures(NpgsqlDataSource dataSource, IOptions<ResourceLimits> limits)
{
    /// <summary>Deletes up to <paramref name="batch"/> rows older than the lockout window; returns how many.</summary>
    public async Task<int> PurgeAsync(int batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM login_failures WHERE id IN (
                SELECT id FROM login_failures WHERE failed_at < now() - @window ORDER BY failed_at LIMIT @batch)
            """);
        command.Parameters.AddWithValue("window", limits.Value.LoginFailureWindow);
        command.Parameters.AddWithValue("batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
