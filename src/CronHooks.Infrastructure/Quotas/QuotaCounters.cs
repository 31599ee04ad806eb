namespace CronHooks.Infrastructure.Quotas;

/// <summary>
/// The tables that count what each account used, per period and delivery node: each node adds to its own rows in its
/// outcome statement (no two nodes ever wait on one counter); the claim and the API sum the nodes' rows. Periods are
/// the database's clock: minutes for attempts, UTC days for stored response-body bytes.
/// </summary>
public static class QuotaCounters
{
    /// <summary>Attempts sent per owner and minute.</summary>
    public const string Attempts = "owner_attempt_minutes";

    /// <summary>Attempts sent per owner, destination host and minute.</summary>
    public const string HostAttempts = "owner_host_attempt_minutes";

    /// <summary>Response-body bytes stored per owner and UTC day.</summary>
    public const string BodyBytes = "owner_body_bytes_days";

    /// <summary>The SQL function giving a URL's host, the same for the claim and the outcome.</summary>
    public const string UrlHost = "cronhooks_url_host";

    /// <summary>The current UTC day, as body-byte counters are keyed.</summary>
    public const string Today = "(now() AT TIME ZONE 'UTC')::date";

    /// <summary>How long minute counters are kept (only the current minute is read; the rest is for operators).</summary>
    public static readonly TimeSpan MinutesKept = TimeSpan.FromHours(1);

    /// <summary>How long day counters are kept.</summary>
    public static readonly TimeSpan DaysKept = TimeSpan.FromDays(2);
}
