namespace CronHooks.Application.Stats.Common;

/// <summary>
/// Which attempts statistics cover: the owner's (optionally one webhook's) attempts created in
/// (<see cref="From"/>, <see cref="To"/>], grouped into <see cref="Bucket"/>-long, UTC-aligned buckets.
/// A <see cref="WebhookId"/> must already be known to be the owner's: the query then selects by it alone.
/// </summary>
public sealed record StatsScope(Guid OwnerId, Guid? WebhookId, DateTimeOffset From, DateTimeOffset To, TimeSpan Bucket);
