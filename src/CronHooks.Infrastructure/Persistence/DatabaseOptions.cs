using System.ComponentModel.DataAnnotations;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>Database settings (section <c>Database</c>); the connection string is <c>ConnectionStrings:CronHooks</c>.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string ConnectionStringName = "CronHooks";

    /// <summary>Apply pending migrations when the process starts, instead of refusing to start.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>
    /// How long a session may sit idle inside an open transaction before PostgreSQL ends it, rolling it back and
    /// freeing its locks (zero: no limit from CronHooks). Only the time between statements counts, never a
    /// statement's own run time. See <see cref="SessionLimits"/>.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait for a lock by the scheduler's hot statements (claims, outcome writes, enqueues, outbox key
    /// locks); past it the statement fails and is retried (zero: no limit).
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Silence after which both ends of a connection start TCP keepalive probes (zero: the operating system's,
    /// two hours on Linux). A peer that stops answering them is dropped after about three more intervals.
    /// </summary>
    public TimeSpan TcpKeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleInTransactionTimeout < TimeSpan.Zero)
            yield return new ValidationResult("Database:IdleInTransactionTimeout must not be negative.", [nameof(IdleInTransactionTimeout)]);
        if (LockTimeout < TimeSpan.Zero)
            yield return new ValidationResult("Database:LockTimeout must not be negative.", [nameof(LockTimeout)]);
        // The connection string takes keepalive in whole seconds.
        if (TcpKeepAlive < TimeSpan.Zero || TcpKeepAlive.Ticks % TimeSpan.TicksPerSecond != 0)
            yield return new ValidationResult("Database:TcpKeepAlive must be whole seconds, not negative.", [nameof(TcpKeepAlive)]);
    }
}
