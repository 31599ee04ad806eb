using Npgsql;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// One LISTEN session on a connection from the shared pool, for the nodes' wake-up channels. The pool does not
/// reset connections it takes back (see DependencyInjection), so the session ends with <c>UNLISTEN *</c>: an
/// idle pooled connection would otherwise keep receiving every notification and hold back PostgreSQL's
/// notification queue.
/// </summary>
public static class ListeningConnection
{
    /// <summary>
    /// Listens on <paramref name="channel"/>, calling <paramref name="onNotification"/> for each notification and
    /// <paramref name="onListening"/> once listening (to look for what arrived while nobody listened). Probes the
    /// connection after <paramref name="probeInterval"/> of silence, since a silent network can leave a
    /// connection that will never deliver another notification. Returns only by throwing: cancelled, or the
    /// connection broke (the caller backs off and listens again).
    /// </summary>
    public static async Task ListenAsync(this NpgsqlDataSource dataSource, string channel, Action onNotification, Action onListening,
        TimeSpan probeInterval, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => onNotification();
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
            await listen.ExecuteNonQueryAsync(cancellationToken);
        onListening();
        try
        {
            while (true)
            {
                if (!await connection.WaitAsync(probeInterval, cancellationToken))
                {
                    await using var probe = new NpgsqlCommand("SELECT 1", connection);
                    await probe.ExecuteScalarAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await StopListeningAsync(connection);
        }
    }

    /// <summary><c>UNLISTEN *</c> if the connection still works; a broken one is discarded by the pool anyway.</summary>
    private static async Task StopListeningAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            return;
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // The connection broke on the way out: it will not be reused.
        }
    }
}
