namespace CronHooks.Application.Common.Ports;

/// <summary>
/// What an owner's webhooks have sent in the current clock minute (the database's), as the delivery nodes count it
/// for <see cref="QuotaOptions.AttemptsPerOwnerPerMinute"/>: attempts written this minute plus those in flight.
/// </summary>
public interface IOwnerAttemptQuota
{
    Task<OwnerAttemptUsage> AttemptsThisMinuteAsync(Guid ownerId, CancellationToken cancellationToken);
}

/// <summary>Attempts counted against the owner this minute, and how long until the minute turns.</summary>
public sealed record OwnerAttemptUsage(long Attempts, TimeSpan MinuteEndsIn);
