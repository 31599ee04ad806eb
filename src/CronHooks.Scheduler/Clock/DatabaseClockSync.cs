using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Measures how far this node's clock is from the database's, before the clock starts (it is registered ahead
/// of Quartz) and then every minute, and keeps <see cref="DatabaseClock"/> on the database's time.
/// </summary>
internal sealed class DatabaseClockSync(DatabaseClock clock, NpgsqlDataSource dataSource, ILogger<DatabaseClockSync> logger) : BackgroundService
{
    private readonly TimeProvider node = clock.NodeClock;

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WorthAWarning = TimeSpan.FromSeconds(1);
    private const int Samples = 3;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first firing must already be on the database's time; a database that is away now is measured later.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await MeasureAsync(bounded.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not read the database's clock at start; using this node's until it can");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, node, stoppingToken);
            try
            {
                await MeasureAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogDebug(e, "Could not read the database's clock; keeping the last offset");
            }
        }
    }

    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        // The sample with the shortest round trip, its database time taken at the round trip's middle.
        TimeSpan? best = null, bestRoundTrip = null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
        for (var i = 0; i < Samples; i++)
        {
            var sent = node.GetUtcNow();
            var started = node.GetTimestamp();
            var database = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
            var roundTrip = node.GetElapsedTime(started);
            if (bestRoundTrip is { } shortest && roundTrip >= shortest)
                continue;
            bestRoundTrip = roundTrip;
            best = new DateTimeOffset(database, TimeSpan.Zero) - (sent + roundTrip / 2);
        }

        var offset = best!.Value;
        var previous = clock.Offset;
        clock.Adjust(offset);
        if (offset.Duration() >= WorthAWarning && (previous - offset).Duration() >= WorthAWarning)
            logger.LogWarning("This node's clock is {Offset} off the database's; the scheduler keeps to the database's clock, but check this machine's time sync (NTP)", offset);
    }
}
