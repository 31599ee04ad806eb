namespace CronHooks.Scheduler.Common;

/// <summary>
/// The loop every queue worker of a node runs: one step (claim and run), then sleep until the worker's signal
/// or the wait the step asked for; a step that fails (the database is away) backs off instead.
/// </summary>
public sealed class WorkerLoop(SchedulerNode node, ILogger<WorkerLoop> logger)
{
    /// <param name="worker">The worker's name in the log.</param>
    /// <param name="step">One look at the queue; returns how long the loop may sleep before the next.</param>
    /// <param name="signal">Ends the sleep early.</param>
    /// <param name="stoppingToken">Ends the loop (a step under way sees it too).</param>
    public async Task RunAsync(string worker, Func<CancellationToken, Task<TimeSpan>> step, WorkSignal signal, CancellationToken stoppingToken)
    {
        var backoff = node.NewDatabaseBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await step(stoppingToken);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                wait = backoff.Next();
                logger.LogWarning(e, "{Worker} on node {Node} could not reach the queue; trying again in {Wait}", worker, node.Id, wait);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
