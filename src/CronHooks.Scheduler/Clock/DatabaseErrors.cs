using System.Net.Sockets;
using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>Which failures of a clock write mean the database is out of reach for now, so waiting it out will succeed.</summary>
internal static class DatabaseErrors
{
    /// <summary>
    /// True for connection failures (refused, broken, timed out), a server shutting down or starting, and a
    /// demoted primary's <c>read_only_sql_transaction</c>, on top of what Npgsql itself calls transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException e => e.IsTransient || IsReadOnly(e) || e.SqlState.StartsWith("08", StringComparison.Ordinal)
            || e.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        // Npgsql's own exceptions (not the server's) are about reaching the server: no answer, a broken stream, a timeout.
        NpgsqlException => true,
        TimeoutException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>The server is a standby now (a failover demoted it); pooled connections to it will keep answering so.</summary>
    public static bool IsReadOnly(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction };
}
