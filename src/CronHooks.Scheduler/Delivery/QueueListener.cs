using CronHooks.Infrastructure.Persistence;
using CronHooks.Scheduler.Common;
using Npgsql;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// Holds one dedicated connection in LISTEN on <c>cronhooks_executions</c> (a statement trigger notifies
/// on every insert into executions) and wakes the delivery loop. When the connection breaks (PostgreSQL
/// restarted) it reconnects with back-off and wakes the loop once, for whatever arrived meanwhile.
/// </summary>
public sealed class QueueListener(
    NpgsqlDataSource dataSource,
    DeliverySignal signal,
    SchedulerNode node,
    TimeProvider clock,
    ILogger<QueueListener> logger) : BackgroundService
{
    public const string Channel = "cronhooks_executions";

    // A silent network can leave a connection that will never deliver another notification: ping it.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = node.NewDatabaseBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dataSource.ListenAsync(Channel, signal.Set, onListening: () =>
                {
                    backoff.Reset();
                    signal.Set(); // whatever arrived while nobody listened
                    logger.LogDebug("Listening on {Channel}", Channel);
                }, KeepAlive, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var wait = backoff.Next();
                logger.LogWarning(e, "Lost the {Channel} listener connection; reconnecting in {Wait}", Channel, wait);
                try
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
