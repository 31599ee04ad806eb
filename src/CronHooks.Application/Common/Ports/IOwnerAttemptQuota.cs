namespace CronHooks.Application.Common.Ports;

/// <summary>
/// What an owner's webhooks have sent in the current clock minute (the database's), as the delivery nodes count it
/// for <see cref="QuotaOptions.AttemptsPerOwnerPerMinute"/>: attempts written this minute plus those in flight.
/// </summary>
public interface IOwnerAttemptQuota
{
    Task<OwnerAttemptUsage> AttemptsThisMinuteAsync(Guid ownerId, CancellationToken cancellationToken);
}

/// <summary>Attempts counted against the owner this minute, how long until the minute turns, and an admin's per-user limit (null: the setting).</summary>
public sealed record OwnerAttemptUsage(long Attempts, TimeSpan MinuteEndsIn, int? Limit = null);
