namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Attempt ids made in SQL are time-ordered UUIDs (version 7, like <see cref="Guid.CreateVersion7()"/> on the nodes). The
/// queue's and the history's primary keys are led by the id: random ids put each insert on a random leaf page of an index
/// that grows with the history, and after every checkpoint each such page is written whole to the WAL again
/// (docs/PERFORMANCE.md, round 13).
/// </summary>
public static class AttemptIds
{
    /// <summary>The SQL function (migration TimeOrderedAttemptIds).</summary>
    public const string Function = "cronhooks_uuid_v7";

    /// <summary>A new attempt id, as an SQL expression.</summary>
    public const string NewSql = Function + "()";
}
