using CronHooks.Scheduler.Delivery;

namespace CronHooks.Scheduler.Alerts;

/// <summary>Wakes the alert worker when this node queued alerts; a type of its own so it is not the delivery loop's signal.</summary>
public sealed class AlertSignal(TimeProvider clock) : WorkSignal(clock);
