using CronHooks.Scheduler.Common;

namespace CronHooks.Scheduler.Delivery;

/// <summary>Wakes the delivery loop: set by NOTIFY on new executions and by finished attempts (a freed slot).</summary>
public sealed class DeliverySignal(TimeProvider clock) : WorkSignal(clock);
