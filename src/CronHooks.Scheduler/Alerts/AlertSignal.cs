using CronHooks.Scheduler.Common;

namespace CronHooks.Scheduler.Alerts;

/// <summary>Wakes the alert worker when this node queued alerts.</summary>
public sealed class AlertSignal(TimeProvider clock) : WorkSignal(clock);
