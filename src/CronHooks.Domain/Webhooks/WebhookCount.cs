namespace CronHooks.Domain.Webhooks;

/// <summary>
/// One slot of a user's webhook count; the count is the sum of the user's slots. Kept by the database
/// (statement triggers on the webhooks table), so the per-user limit costs a few rows, not a count that grows
/// with the user's webhooks. Each database session adds to its own slot: one counter row updated by every
/// create would serialise a user's concurrent creates on its lock.
/// </summary>
public sealed class WebhookCount
{
    public Guid OwnerId { get; init; }
    public int Slot { get; init; }
    public int Count { get; init; }
}
