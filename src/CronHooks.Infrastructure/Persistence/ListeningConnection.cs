using Npgsql;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// LISTEN connections come from the shared pool, which does not reset connections it takes back (see
/// DependencyInjection): one must stop listening before it goes back, or an idle pooled connection keeps
/// receiving every notification and holds back PostgreSQL's notification queue.
/// </summary>
public static class ListeningConnection
{
    /// <summary><c>UNLISTEN *</c> if the connection still works; a broken one is discarded by the pool anyway.</summary>
    public static async Task StopListeningAsync(this NpgsqlConnection connection)
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
