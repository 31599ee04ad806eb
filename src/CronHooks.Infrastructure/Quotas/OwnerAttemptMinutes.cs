namespace CronHooks.Infrastructure.Quotas;

/// <summary>
/// The table of attempts sent per owner, clock minute (the database's) and delivery node: each node adds to its own
/// row in its outcome statement (no two nodes ever wait on one counter); the claim and run-now sum the nodes' rows.
/// </summary>
public static class OwnerAttemptMinutes
{
    public const string Table = "owner_attempt_minutes";

    /// <summary>How long counters are kept after their minute (the history upkeep deletes older ones).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(1);
}
