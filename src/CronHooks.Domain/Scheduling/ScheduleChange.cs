namespace CronHooks.Domain.Scheduling;

/// <summary>
/// Transactional-outbox row: written with the webhook change that caused it, it tells scheduler nodes
/// that the trigger for <see cref="ScheduleKey"/> may need creating, changing or removing.
/// </summary>
public sealed class ScheduleChange
{
    public long Id { get; init; }
    public required string ScheduleKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
