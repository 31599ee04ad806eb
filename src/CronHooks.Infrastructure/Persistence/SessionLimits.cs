using System.Globalization;
using Npgsql;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// What bounds a database session, so one frozen or cut-off process cannot hold locks others wait for: an idle
/// transaction is ended by PostgreSQL, dead peers are found by TCP keepalives, and the hot statements wait for
/// locks only so long. Set on every connection of the shared data source (Quartz's included); whatever the
/// connection string already sets is left as it is.
/// </summary>
public static class SessionLimits
{
    // Carries Database:LockTimeout on the session without applying it: Quartz shares the pool, and its waits for its
    // lock row are better left to the idle limit, which ends a frozen holder; cut short, they only add failed rounds.
    private const string HotLockTimeoutSetting = "cronhooks.lock_timeout";

    // Keepalive probes after the first: every 10 s, three unanswered and the connection is dropped.
    private const int ProbeIntervalSeconds = 10;
    private const int ProbeCount = 3;

    /// <summary>
    /// The first statement of a hot transaction (or batch): its lock waits last at most Database:LockTimeout, for this
    /// transaction only. A lock timeout (55P03) is transient: the caller retries, nothing is lost.
    /// </summary>
    public const string BoundLockWaitsSql = $"SELECT set_config('lock_timeout', current_setting('{HotLockTimeoutSetting}', true), true)";

    /// <summary><see cref="BoundLockWaitsSql"/> as the first command of a batch (it returns one row, to be skipped).</summary>
    public static NpgsqlBatchCommand BoundLockWaits() => new(BoundLockWaitsSql);

    /// <summary>
    /// <see cref="BoundLockWaitsSql"/>, and no JIT compilation for this transaction: the claim and the outcome group are
    /// planned from row estimates that can cross jit_above_cost (per-row lookups multiply them), and compiling costs
    /// ~200 ms each time for a statement that runs in about one (docs/PERFORMANCE.md, round 8). A select list the caller
    /// may extend with more settings for the same transaction.
    /// </summary>
    public const string BoundLockWaitsWithoutJitSql = BoundLockWaitsSql + ", set_config('jit', 'off', true)";

    /// <summary>How the shared data source plans its prepared statements: on every call (DependencyInjection).</summary>
    public const string PlanEachCallMode = "force_custom_plan";

    /// <summary>
    /// Select-list items: the prepared statements after it run one generic plan, made with index scans wherever there is an
    /// index. For a statement that reaches every row by key (an outcome group) planning each call cost a third of its time;
    /// a plan made while a table was small must not scan it whole once it has grown (docs/PERFORMANCE.md, round 11).
    /// End it with <see cref="PlanEachCall"/> before any other statement of the transaction (a batch that is a transaction of
    /// its own ends it anyway).
    /// </summary>
    public const string KeyedGenericPlanSql = "set_config('plan_cache_mode', 'force_generic_plan', true), " + IndexPathsOnlySql;

    /// <summary>
    /// A select-list item: no table is read whole in this transaction where an index reaches the rows. For statements that
    /// join tables a burst has just filled, planned from statistics that lag behind it: a join can then read a table whole
    /// once per row of the other side (the likely cause of fan-outs of 2,500 webhooks that took two minutes,
    /// docs/PERFORMANCE.md, round 13).
    /// </summary>
    public const string IndexPathsOnlySql = "set_config('enable_seqscan', 'off', true)";

    /// <summary>
    /// A select-list item: index scans, not bitmap scans, in this transaction. Only a plain index scan marks the entries of
    /// rows gone for good as dead, so the next scan skips them; on a queue a bitmap scan re-reads every row that left it
    /// since the last vacuum (docs/PERFORMANCE.md, round 14).
    /// </summary>
    public const string NoBitmapScansSql = "set_config('enable_bitmapscan', 'off', true)";

    /// <summary>Ends <see cref="KeyedGenericPlanSql"/> for the rest of the transaction.</summary>
    public static NpgsqlBatchCommand PlanEachCall() =>
        new($"SELECT set_config('plan_cache_mode', '{PlanEachCallMode}', true), set_config('enable_seqscan', 'on', true)");

    /// <summary>Adds the limits of <paramref name="options"/> to <paramref name="connection"/> where it does not set its own.</summary>
    public static void Apply(NpgsqlConnectionStringBuilder connection, DatabaseOptions options)
    {
        var settings = new List<string>();
        void Set(string name, string value)
        {
            if (connection.Options?.Contains(name, StringComparison.OrdinalIgnoreCase) != true)
                settings.Add($"-c {name}={value}");
        }

        if (options.IdleInTransactionTimeout > TimeSpan.Zero)
            Set("idle_in_transaction_session_timeout", Milliseconds(options.IdleInTransactionTimeout));
        if (options.LockTimeout > TimeSpan.Zero)
            Set(HotLockTimeoutSetting, Milliseconds(options.LockTimeout));
        if (options.TcpKeepAlive > TimeSpan.Zero)
        {
            var idle = (int)options.TcpKeepAlive.TotalSeconds;
            // The server's end matters most: it holds the locks of a client that vanished.
            Set("tcp_keepalives_idle", idle.ToString(CultureInfo.InvariantCulture));
            Set("tcp_keepalives_interval", ProbeIntervalSeconds.ToString(CultureInfo.InvariantCulture));
            Set("tcp_keepalives_count", ProbeCount.ToString(CultureInfo.InvariantCulture));
            if (!connection.TcpKeepAlive && connection.TcpKeepAliveTime == 0)
            {
                connection.TcpKeepAliveTime = idle;
                connection.TcpKeepAliveInterval = ProbeIntervalSeconds;
            }
        }
        if (settings.Count > 0)
            connection.Options = $"{connection.Options} {string.Join(' ', settings)}".Trim();
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
