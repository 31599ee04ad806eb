using CronHooks.Scheduler.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Vacuums the queue table once <see cref="DeliveryOptions.QueueVacuumRows"/> attempts have left it through this node.
/// Every attempt leaves two dead row versions (its claim and its removal) whose index entries stay at the head of the
/// claim's index until a vacuum: in a 50,000 backlog each claim walked hundreds of pages of them (docs/PERFORMANCE.md,
/// round 14). Vacuums are spaced at least ten times their own length, so they cost at most a tenth of one backend.
/// </summary>
public sealed class QueueVacuum(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<DeliveryOptions> options, ILogger<QueueVacuum> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(1);

    private readonly Due due = new(clock);
    private long removed;

    /// <summary>Counts attempts that left the queue; wakes the vacuum once enough have.</summary>
    public void Removed(int count)
    {
        var every = options.Value.QueueVacuumRows;
        if (every > 0 && Interlocked.Add(ref removed, count) >= every)
            due.Set();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await due.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                Interlocked.Exchange(ref removed, 0);
                var began = clock.GetTimestamp();
                try
                {
                    // SKIP_LOCKED: when another node or autovacuum is at it, this round is theirs. TRUNCATE OFF: giving the empty
                    // pages at the end back takes the table's exclusive lock, and the queue grows into them again in a moment.
                    await using var command = dataSource.CreateCommand("VACUUM (SKIP_LOCKED, INDEX_CLEANUP ON, TRUNCATE OFF) execution_queue");
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Vacuuming the queue failed; autovacuum still runs");
                }
                var took = clock.GetElapsedTime(began);
                logger.LogDebug("Queue vacuumed in {Elapsed}", took);
                var rest = took * 10 > MinimumSpacing ? took * 10 : MinimumSpacing;
                await Task.Delay(rest, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed class Due(TimeProvider clock) : WorkSignal(clock);
}
