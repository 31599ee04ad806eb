namespace CronHooks.Scheduler.Clock;

/// <summary>
/// The database's clock, read through this node's: the node's time plus the offset <see cref="DatabaseClockSync"/>
/// last measured. Every decision about when (Quartz's firings, misfires and check-ins, an occurrence's lateness)
/// is taken on this one clock that all nodes share, so a node whose clock is off neither fires early or late nor
/// takes a healthy node for a dead one. Timers and timestamps (durations) stay the node's own.
/// </summary>
public sealed class DatabaseClock(TimeProvider node) : TimeProvider
{
    private long offsetTicks;

    /// <summary>The database's time minus this node's, as last measured (zero until then).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>This node's own clock, which the offset is measured against.</summary>
    internal TimeProvider NodeClock => node;

    public override DateTimeOffset GetUtcNow() => node.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => node.LocalTimeZone;

    public override long TimestampFrequency => node.TimestampFrequency;

    public override long GetTimestamp() => node.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        node.CreateTimer(callback, state, dueTime, period);

    internal void Adjust(TimeSpan offset) => Interlocked.Exchange(ref offsetTicks, offset.Ticks);
}
