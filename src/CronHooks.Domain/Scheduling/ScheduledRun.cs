namespace CronHooks.Domain.Scheduling;

/// <summary>
/// An occurrence of a schedule and the instant it is due: later than the occurrence by its jitter delay
/// (<see cref="Jitter"/>), or on another day when a holiday moved it. The occurrence names the run (its webhook-id).
/// </summary>
public sealed record ScheduledRun(DateTimeOffset Occurrence, DateTimeOffset DueAt);
