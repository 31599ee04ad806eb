using System.Threading.Channels;

namespace CronHooks.Scheduler.Common;

/// <summary>
/// Wakes a worker loop. Signals coalesce: ten while the loop is busy cause one more look at its queue.
/// Each worker has a subclass of its own, so each is injected its own signal.
/// </summary>
public abstract class WorkSignal(TimeProvider clock)
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => channel.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: time to look for work that became due.
        }
    }
}
