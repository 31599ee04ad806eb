using Npgsql;

namespace CronHooks.Scheduler.Pausing;

/// <summary>
/// Takes one of a webhook's <c>skipNext</c> occurrences. Asked only when the loaded webhook has some left, so a
/// webhook without skips costs no query; the decrement is conditional, so two nodes never take the same last one.
/// </summary>
public sealed class SkipNextCounter(NpgsqlDataSource dataSource)
{
    /// <summary>The count left after taking one, or null when none was left to take.</summary>
    public async Task<int?> TakeAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE webhooks SET skip_next = skip_next - 1 WHERE id = $1 AND skip_next > 0 RETURNING skip_next");
        command.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        return await command.ExecuteScalarAsync(cancellationToken) is int left ? left : null;
    }
}
