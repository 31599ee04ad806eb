using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Deletes finished attempts older than <see cref="DeliveryOptions.RetentionDays"/>, in small batches so
/// no statement holds many locks or a long transaction. Pending and running rows are never touched.
/// Every node runs it; SKIP LOCKED keeps two nodes from fighting over the same rows.
/// </summary>
public sealed class RetentionService(ExecutionQueueSql queue, TimeProvider clock, IOptions<DeliveryOptions> options, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var age = TimeSpan.FromDays(settings.RetentionDays);
        using var timer = new PeriodicTimer(settings.RetentionInterval, clock);
        try
        {
            do
            {
                try
                {
                    var total = 0;
                    int deleted;
                    do
                    {
                        deleted = await queue.DeleteFinishedAsync(age, settings.RetentionBatchSize, stoppingToken);
                        total += deleted;
                    }
                    while (deleted == settings.RetentionBatchSize && !stoppingToken.IsCancellationRequested);
                    if (total > 0)
                        logger.LogInformation("Retention: deleted {Count} executions finished more than {Days} days ago", total, settings.RetentionDays);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Retention sweep failed; it runs again in {Interval}", settings.RetentionInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
