using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Keeps the history's partitions ahead of time and drops those older than the retention, every
/// <see cref="DeliveryOptions.RetentionInterval"/> on every node (one node does it per round). History is
/// never deleted row by row, except stragglers in the default partition; queued attempts are never touched.
/// The same round purges failed-login rows past the lockout window and audit entries past the retention (any node
/// may; the deletes are idempotent).
/// </summary>
public sealed class HistoryUpkeepService(
    HistoryPartitions partitions, ExpiredLoginFailures loginFailures, ExpiredAuditEntries auditEntries, TimeProvider clock, IOptions<DeliveryOptions> options, ILogger<HistoryUpkeepService> logger)
    : BackgroundService
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.RetentionInterval, clock);
        try
        {
            do
            {
                try
                {
                    var upkeep = await partitions.MaintainAsync(settings.HistoryPartitionWidth, settings.HistoryPartitionsAhead,
                        settings.Retention, settings.RetentionBatchSize, LockTimeout, stoppingToken);
                    if (upkeep is { } done && (done.Created > 0 || done.Dropped > 0 || done.DeletedFromDefault > 0))
                        logger.LogInformation(
                            "History upkeep: {Created} partitions created, {Dropped} dropped and {Deleted} rows deleted from the default partition (retention {Retention})",
                            done.Created, done.Dropped, done.DeletedFromDefault, settings.Retention);
                    var purged = await loginFailures.PurgeAsync(settings.RetentionBatchSize, stoppingToken);
                    if (purged > 0)
                        logger.LogInformation("Upkeep: {Count} expired failed-login rows deleted", purged);
                    var expired = await auditEntries.PurgeAsync(settings.Retention, settings.RetentionBatchSize, stoppingToken);
                    if (expired > 0)
                        logger.LogInformation("Upkeep: {Count} audit entries past the retention deleted", expired);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "History upkeep failed; it runs again in {Interval}", settings.RetentionInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
