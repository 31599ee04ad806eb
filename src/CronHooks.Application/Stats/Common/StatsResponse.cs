namespace CronHooks.Application.Stats.Common;

/// <summary>
/// What happened to a set of attempts over a window. Attempts belong to the window, and to a bucket,
/// by when they were created (queued). Durations and lateness are in milliseconds, interpolated
/// percentiles (PostgreSQL's percentile_cont) rounded to 0.1 ms; they are null when no attempt in scope
/// has a value. <see cref="SuccessRate"/> is successes over attempts with a result (success, failed,
/// retrying), rounded to 4 places; null when there are none. <see cref="Redeliveries"/> is how many of the attempts
/// were redeliveries (sent again on request after their occurrence failed); each is one attempt in the counts too.
/// </summary>
public sealed record StatsResponse(
    string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    int BucketSeconds,
    StatusCounts Counts,
    int Redeliveries,
    double? SuccessRate,
    DurationPercentiles DurationMs,
    LatenessPercentiles LatenessMs,
    IReadOnlyList<ErrorKindCount> TopErrorKinds,
    IReadOnlyList<ResponseCodeCount> TopResponseCodes,
    IReadOnlyList<StatsBucket> Series);

/// <summary>Attempts by status. <see cref="Retrying"/> attempts failed and were followed by another.</summary>
public sealed record StatusCounts(int Total, int Pending, int Running, int Success, int Failed, int Retrying, int Skipped)
{
    public static readonly StatusCounts None = new(0, 0, 0, 0, 0, 0, 0);
}

public sealed record DurationPercentiles(double? P50, double? P95, double? P99);

/// <summary>
/// How late attempts were sent: executed_at minus the time they were meant to go — the occurrence
/// (scheduled_for) for a first attempt, the due time for a retry.
/// </summary>
public sealed record LatenessPercentiles(double? P50, double? P99);

public sealed record ErrorKindCount(string ErrorKind, int Count);

public sealed record ResponseCodeCount(int ResponseCode, int Count);

/// <summary>One point of the chart: attempts created in [<see cref="Start"/>, Start + bucket).</summary>
public sealed record StatsBucket(DateTimeOffset Start, StatusCounts Counts, double? P95DurationMs);
