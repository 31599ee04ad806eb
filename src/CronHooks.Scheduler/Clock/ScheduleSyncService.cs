using CronHooks.Infrastructure.Persistence;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Applies the schedule outbox as soon as it is written — woken by the outbox's NOTIFY on a dedicated
/// LISTEN connection — and polls as a safety net for a lost notification or a dropped connection.
/// At start it applies whatever was written while no node was running — reconciling instead when that is more
/// than <see cref="SchedulerOptions.OutboxReconcileThreshold"/> rows — and it reconciles periodically, each time catching
/// up occurrences that were fired but never enqueued.
/// </summary>
internal sealed class ScheduleSyncService(
    ScheduleSynchronizer synchronizer,
    ScheduleReconciler reconciler,
    OccurrenceCatchUp catchUp,
    NpgsqlDataSource dataSource,
    ClockReadiness readiness,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ScheduleSyncService> logger) : BackgroundService
{
    public const string ListenChannel = "cronhooks_schedule_outbox";

    // A LISTEN connection idle this long is probed, so a silently dead one is noticed and replaced.
    private static readonly TimeSpan ListenProbeInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var wake = Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var listening = ListenAsync(wake.Writer, stoppingToken);
        var jobStored = false;
        var nextReconcile = DateTimeOffset.MinValue;
        var catchUpPending = true;
        var failures = 0;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!jobStored)
                {
                    await synchronizer.EnsureJobAsync(stoppingToken);
                    jobStored = true;
                }
                // A backlog above the threshold is many rows for far fewer keys: comparing every key with the webhooks
                // table once is cheaper than replaying them, and takes a time bounded by the keys, not the rows.
                if (await BacklogAboveThresholdAsync(stoppingToken))
                {
                    await reconciler.ReconcileAsync(BacklogAboveThresholdAsync, stoppingToken);
                    nextReconcile = clock.GetUtcNow() + settings.ReconcileInterval;
                    catchUpPending = true;
                }
                else if (clock.GetUtcNow() >= nextReconcile)
                {
                    // One that another node finished while this one waited for its turn stands for this node's.
                    await reconciler.ReconcileAsync(_ => Task.FromResult(false), stoppingToken);
                    nextReconcile = clock.GetUtcNow() + settings.ReconcileInterval;
                    catchUpPending = true;
                }
                // After the triggers are right, so a schedule (re)started by the reconcile starts its watermark first.
                if (catchUpPending)
                {
                    await catchUp.RunAsync(stoppingToken);
                    catchUpPending = false;
                }
                var caughtUp = await ReplayAsync(settings, stoppingToken);
                // Ready after one pass (a large backlog reconciled, then at most the threshold's worth of rows replayed),
                // not once the FIFO is empty: under a stream of changes it may never be.
                readiness.MarkSynced();
                failures = 0;
                if (!caughtUp)
                    continue; // more arrived than the threshold allows to replay: look at the backlog again now
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong (database down, a Quartz error), the node keeps its clock and retries.
                failures++;
                logger.LogError(e, "Applying schedule changes failed ({Failures} in a row); retrying", failures);
                await Task.Delay(Backoff(failures), clock, stoppingToken);
                continue;
            }

            await WaitForWakeAsync(wake.Reader, settings.OutboxPollInterval, stoppingToken);
        }
        await listening;
    }

    private async Task<bool> BacklogAboveThresholdAsync(CancellationToken cancellationToken) =>
        await ScheduleOutbox.CountUpToAsync(dataSource, options.Value.OutboxReconcileThreshold + 1L, cancellationToken)
            > options.Value.OutboxReconcileThreshold;

    /// <summary>Applies the outbox a batch at a time, at most the threshold's worth of rows.</summary>
    /// <returns>False when it stopped at that limit with more rows waiting.</returns>
    private async Task<bool> ReplayAsync(SchedulerOptions settings, CancellationToken cancellationToken)
    {
        long replayed = 0;
        while (replayed < settings.OutboxReconcileThreshold)
        {
            var (head, discarded) = await synchronizer.ApplyOutboxBatchAsync(settings.OutboxBatchSize, cancellationToken);
            if (head < settings.OutboxBatchSize)
                return true;
            replayed += discarded;
        }
        return false;
    }

    private static async Task WaitForWakeAsync(ChannelReader<bool> wake, TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(pollInterval);
        try
        {
            await wake.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the poll interval passed without a notification: look anyway
        }
    }

    private async Task ListenAsync(ChannelWriter<bool> wake, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dataSource.ListenAsync(ListenChannel, () => wake.TryWrite(true), onListening: () =>
                {
                    failures = 0;
                    wake.TryWrite(true); // changes committed while nobody listened
                }, ListenProbeInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // PostgreSQL restarted or the connection broke: back off and listen again; polling covers the gap.
                failures++;
                logger.LogWarning(e, "Listening for schedule changes failed ({Failures} in a row); reconnecting", failures);
                try
                {
                    await Task.Delay(Backoff(failures), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures, 10))));
}
