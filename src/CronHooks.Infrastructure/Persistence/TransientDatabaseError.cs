using System.Net.Sockets;
using Npgsql;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Whether a database error means "not now" rather than "never": worth the same statement again after a pause.
/// The one rule the scheduler's retries ask.
/// </summary>
public static class TransientDatabaseError
{
    // Npgsql has no name for it: the session sat idle in its transaction too long (its process froze or was cut off).
    private const string IdleInTransactionSessionTimeout = "25P03";

    public static bool Is(Exception e) => e switch
    {
        // A lock wait cut short (lock_timeout), or this session ended by the idle-in-transaction limit; a server going
        // down, starting or refusing the connection; a demoted primary (a failover moves the writes elsewhere).
        PostgresException p => p.IsTransient || IsReadOnly(p) || p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.LockNotAvailable or IdleInTransactionSessionTimeout or PostgresErrorCodes.AdminShutdown
                or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        // The connection broke mid-call (closed by the server, reset, keepalives unanswered, command timeout).
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException or EndOfStreamException,
        TimeoutException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>
    /// The server answered <c>read_only_sql_transaction</c>: it is a standby now. Transient, but pooled connections to it
    /// keep answering so until they are replaced, so the caller should clear its pool before trying again.
    /// </summary>
    public static bool IsReadOnly(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction };
}
