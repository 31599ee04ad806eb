using System.Diagnostics;
using CronHooks.Bench.Environment;
using CronHooks.Bench.Measuring;
using Npgsql;
using NpgsqlTypes;

namespace CronHooks.Bench.Scenarios;

/// <summary>The references measured in the same run as every other figure.</summary>
internal sealed record CeilingValues(double HttpPerSecond, double HttpRoundTripP50Ms, double HttpRoundTripP99Ms, double PgRowsPerSecond);

/// <summary>
/// Raw HttpClient → receiver requests/s on loopback at the delivery concurrency (no signing, no database),
/// and batched PostgreSQL row writes/s (COPY of 1,000-row batches from 4 connections into a table shaped like
/// executions with a primary key and one index, each batch its own committed transaction).
/// </summary>
internal static class Ceiling
{
    public static async Task<CeilingValues> MeasureAsync(Receiver receiver, BenchPostgres postgres, int concurrency, TimeSpan duration)
    {
        var (perSecond, p50, p99) = await HttpAsync(receiver, concurrency, duration);
        var rows = await PostgresAsync(postgres, duration);
        Console.WriteLine($"  ceiling: HTTP {perSecond:0} req/s (round trip p50 {p50:0.0} ms, p99 {p99:0.0} ms) at {concurrency} concurrent; PostgreSQL {rows:0} rows/s");
        return new CeilingValues(perSecond, p50, p99, rows);
    }

    private static async Task<(double PerSecond, double P50, double P99)> HttpAsync(Receiver receiver, int concurrency, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });
        var url = new Uri(receiver.BaseUrl + "/ceiling");
        var samples = new List<double>[concurrency];
        var stopwatch = Stopwatch.StartNew();
        var end = duration.TotalSeconds;
        long count = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = samples[worker] = [];
            var body = "{\"bench\":true}"u8.ToArray();
            while (stopwatch.Elapsed.TotalSeconds < end)
            {
                var start = stopwatch.Elapsed;
                using var content = new ByteArrayContent(body);
                using var response = await http.PostAsync(url, content);
                mine.Add((stopwatch.Elapsed - start).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }
        }));
        var all = Stats.Summarize(samples.SelectMany(s => s));
        return (count / stopwatch.Elapsed.TotalSeconds, all.P50, all.P99);
    }

    private static async Task<double> PostgresAsync(BenchPostgres postgres, TimeSpan duration)
    {
        await postgres.ExecuteAsync("postgres", """
            DROP TABLE IF EXISTS bench_ceiling_rows;
            CREATE TABLE bench_ceiling_rows (id uuid PRIMARY KEY, webhook_id uuid NOT NULL, owner_id uuid NOT NULL,
                status varchar(16) NOT NULL, attempt_number int NOT NULL, scheduled_for timestamptz NOT NULL,
                due_at timestamptz NOT NULL, created_at timestamptz NOT NULL);
            CREATE INDEX ON bench_ceiling_rows (due_at) WHERE status = 'Pending';
            """);
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(postgres.Admin);
            await connection.OpenAsync();
            while (stopwatch.Elapsed < duration)
            {
                var now = DateTimeOffset.UtcNow;
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY bench_ceiling_rows (id, webhook_id, owner_id, status, attempt_number, scheduled_for, due_at, created_at) FROM STDIN (FORMAT BINARY)");
                for (var i = 0; i < 1000; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync("Success", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
                Interlocked.Add(ref rows, 1000);
            }
        }));
        var perSecond = rows / stopwatch.Elapsed.TotalSeconds;
        await postgres.ExecuteAsync("postgres", "DROP TABLE bench_ceiling_rows");
        return perSecond;
    }
}
