using System.ComponentModel.DataAnnotations;
using CronHooks.Domain.Executions;

namespace CronHooks.Scheduler.Common;

/// <summary>
/// What every worker of a node shares: its name and how it waits for the database. Read from the section
/// <c>Delivery</c>, where these keys have always been set (e.g. <c>Delivery__NodeId</c>).
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Delivery";

    /// <summary>This node's name on its leases; default: host, process id and a random suffix.</summary>
    [MaxLength(Execution.MaxLeaseOwnerLength)]
    public string? NodeId { get; set; }

    /// <summary>Longest wait between attempts to reach the database after it failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxDatabaseBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
