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
        // A lock wait cut short (lock_timeout), or this session ended by the idle-in-transaction limit.
        PostgresException p => p.IsTransient || p.SqlState is PostgresErrorCodes.LockNotAvailable or IdleInTransactionSessionTimeout,
        // The connection broke mid-call (closed by the server, reset, keepalives unanswered, command timeout).
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException or EndOfStreamException,
        TimeoutException or IOException or SocketException => true,
        _ => false,
    };
}
