using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Common;

/// <summary>This process's identity on the leases it takes (delivery and alert leases alike), and how it waits for the database.</summary>
public sealed class SchedulerNode(IOptions<NodeOptions> options)
{
    public string Id { get; } = options.Value.NodeId is { Length: > 0 } configured
        ? configured
        : $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    private readonly TimeSpan maxDatabaseBackoff = options.Value.MaxDatabaseBackoff;

    /// <summary>A fresh back-off towards the database, capped by <c>Delivery:MaxDatabaseBackoff</c>.</summary>
    public DatabaseBackoff NewDatabaseBackoff() => new(maxDatabaseBackoff);
}
