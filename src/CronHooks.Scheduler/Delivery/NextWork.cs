namespace CronHooks.Scheduler.Delivery;

/// <summary>What the delivery loop learns after a look at the queue.</summary>
/// <param name="Until">
/// How long until the next attempt is due or the next lease runs out (null: nothing scheduled). Zero or less when an
/// attempt became due within the last second and is still pending.
/// </param>
/// <param name="LeftBehind">
/// Whether attempts that were due before the look began are still pending (free slots, an owner's cap, a quota held
/// them back): a backlog, not a flow.
/// </param>
public readonly record struct NextWork(TimeSpan? Until, bool LeftBehind);
