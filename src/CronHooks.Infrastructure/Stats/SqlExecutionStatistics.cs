using CronHooks.Application.Common.Ports;
using CronHooks.Application.Stats.Common;
using CronHooks.Domain.Executions;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Infrastructure.Stats;

/// <summary>
/// Statistics in one SQL statement and one pass over the scoped rows: GROUPING SETS compute the
/// totals, the time buckets and the per-error-kind and per-response-code counts together. The range
/// scan uses ix_executions_owner_id_created_at (all webhooks) or ix_executions_webhook_id_created_at
/// (one webhook) in each history partition, and the queue's rows of the scope, so the cost grows with the
/// attempts in the window and the number of partitions, not with the whole history.
/// </summary>
internal sealed class SqlExecutionStatistics(NpgsqlDataSource dataSource) : IExecutionStatistics
{
    /// <summary>Buckets are aligned to this instant, so they fall on whole UTC hours and days.</summary>
    internal static readonly DateTimeOffset BucketOrigin = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int TopCount = 5;

    // GROUPING(bucket, error_kind, response_code) has a bit set for each column a row is NOT grouped by.
    private const int TotalRow = 0b111;
    private const int BucketRow = 0b011;
    private const int ErrorKindRow = 0b101;
    private const int ResponseCodeRow = 0b110;

    // One count per status, in ExecutionStatus order (StatusCounts' order after Total).
    private static readonly string StatusCountsSql = string.Join(",\n",
        Enum.GetNames<ExecutionStatus>().Select(status => $"count(*) FILTER (WHERE status = '{status}')"));

    private static readonly string Sql = """
        WITH scoped AS (
            SELECT date_bin(@bucket, created_at, @origin) AS bucket,
                   status, trigger, duration_ms, error_kind, response_code,
                   -- Lateness is measured against when the attempt was meant to go: the occurrence for a
                   -- first attempt (so a late-claimed missed run counts fully), the backoff's due time for a retry.
                   -- A backfill is a past occurrence sent on request: it is meant to go when it was queued.
                   CASE WHEN executed_at IS NOT NULL THEN
                       (extract(epoch FROM executed_at - CASE WHEN attempt_number = 1 AND trigger <> 'Backfill' THEN scheduled_for ELSE due_at END) * 1000)::double precision
                   END AS lateness_ms
            FROM all_executions
            WHERE /*scope*/ AND created_at > @from AND created_at <= @to
        )
        SELECT GROUPING(bucket, error_kind, response_code) AS grouping_set,
               bucket, error_kind, response_code,
               count(*),
               /*status counts*/,
               percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms),
               percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY lateness_ms),
               count(*) FILTER (WHERE trigger = '/*redelivery*/')
        FROM scoped
        GROUP BY GROUPING SETS ((), (bucket), (error_kind), (response_code))
        """;

    public async Task<StatsResponse> ComputeAsync(StatsScope scope, string windowName, CancellationToken cancellationToken)
    {
        // One webhook: by webhook id alone (the handler has checked it is the caller's), so the planner
        // range-scans (webhook_id, created_at); with owner_id too it ANDed in a bitmap of the webhook's
        // whole history from the unique index, a cost that grows with the history rather than the window.
        // Spliced in rather than "@webhook IS NULL OR …", which would hide both indexes from the planner.
        await using var command = dataSource.CreateCommand(
            Sql.Replace("/*scope*/", scope.WebhookId is null ? "owner_id = @owner" : "webhook_id = @webhook", StringComparison.Ordinal)
                .Replace("/*status counts*/", StatusCountsSql, StringComparison.Ordinal)
                .Replace("/*redelivery*/", nameof(ExecutionTrigger.Redelivery), StringComparison.Ordinal));
        command.Parameters.Add(new NpgsqlParameter("bucket", NpgsqlDbType.Interval) { Value = scope.Bucket });
        command.Parameters.Add(new NpgsqlParameter("origin", NpgsqlDbType.TimestampTz) { Value = BucketOrigin });
        if (scope.WebhookId is null)
            command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Uuid) { Value = scope.OwnerId });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = scope.From });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = scope.To });
        if (scope.WebhookId is { } webhookId)
            command.Parameters.Add(new NpgsqlParameter("webhook", NpgsqlDbType.Uuid) { Value = webhookId });

        var totals = StatusCounts.None;
        var redeliveries = 0;
        double?[] duration = [null, null, null], lateness = [null, null];
        var buckets = new Dictionary<DateTimeOffset, StatsBucket>();
        var errorKinds = new List<ErrorKindCount>();
        var responseCodes = new List<ResponseCodeCount>();

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var counts = new StatusCounts(
                Count(reader, 4), Count(reader, 5), Count(reader, 6), Count(reader, 7), Count(reader, 8), Count(reader, 9), Count(reader, 10));
            switch (reader.GetInt32(0))
            {
                case TotalRow:
                    totals = counts;
                    duration = Percentiles(reader, 11, 3);
                    lateness = Percentiles(reader, 12, 2);
                    redeliveries = Count(reader, 13);
                    break;
                case BucketRow:
                    var start = reader.GetFieldValue<DateTimeOffset>(1);
                    buckets[start] = new StatsBucket(start, counts, Percentiles(reader, 11, 3)[1]);
                    break;
                case ErrorKindRow when !reader.IsDBNull(2):
                    errorKinds.Add(new ErrorKindCount(reader.GetString(2), counts.Total));
                    break;
                case ResponseCodeRow when !reader.IsDBNull(3):
                    responseCodes.Add(new ResponseCodeCount(reader.GetInt32(3), counts.Total));
                    break;
            }
        }

        var finished = totals.Success + totals.Failed + totals.Retrying;
        return new StatsResponse(
            windowName, scope.From, scope.To, (int)scope.Bucket.TotalSeconds,
            totals,
            redeliveries,
            finished == 0 ? null : Math.Round((double)totals.Success / finished, 4),
            new DurationPercentiles(duration[0], duration[1], duration[2]),
            new LatenessPercentiles(lateness[0], lateness[1]),
            errorKinds.OrderByDescending(e => e.Count).ThenBy(e => e.ErrorKind, StringComparer.Ordinal).Take(TopCount).ToList(),
            responseCodes.OrderByDescending(c => c.Count).ThenBy(c => c.ResponseCode).Take(TopCount).ToList(),
            Series(scope, buckets));
    }

    /// <summary>Every bucket of the window in order, with zeros where nothing happened, so charts have no gaps.</summary>
    private static List<StatsBucket> Series(StatsScope scope, Dictionary<DateTimeOffset, StatsBucket> buckets)
    {
        var series = new List<StatsBucket>();
        for (var start = BucketStart(scope.From, scope.Bucket); start <= scope.To; start += scope.Bucket)
            series.Add(buckets.GetValueOrDefault(start) ?? new StatsBucket(start, StatusCounts.None, null));
        return series;
    }

    internal static DateTimeOffset BucketStart(DateTimeOffset instant, TimeSpan bucket) =>
        BucketOrigin + TimeSpan.FromTicks((instant - BucketOrigin).Ticks / bucket.Ticks * bucket.Ticks);

    private static int Count(NpgsqlDataReader reader, int ordinal) => (int)reader.GetInt64(ordinal);

    /// <summary>
    /// percentile_cont over an array of fractions gives an array, or null when no row had a value. Rounded
    /// to 0.1 ms: interpolation leaves float noise (975.0000000000001) that nobody should have to read.
    /// </summary>
    private static double?[] Percentiles(NpgsqlDataReader reader, int ordinal, int length) =>
        reader.IsDBNull(ordinal)
            ? new double?[length]
            : reader.GetFieldValue<double?[]>(ordinal).Select(p => p is { } v ? Math.Round(v, 1) : (double?)null).ToArray();
}
