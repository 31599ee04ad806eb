namespace CronHooks.Domain.Webhooks;

/// <summary>
/// The per-webhook catch-up window: after all scheduler nodes were down, an occurrence missed by no more than this
/// may still run (as <see cref="MissedRunPolicy"/> says); an older one is recorded missed.
/// </summary>
public static class CatchupWindow
{
    public const int DefaultSeconds = 60;
    public const int MinSeconds = 0;

    /// <summary>Seven days.</summary>
    public const int MaxSeconds = 604_800;

    /// <summary>
    /// The most missed occurrences one catch-up looks at per schedule: they run or are recorded one row each; older
    /// ones are counted in the message of the oldest row, so a week-long outage of a minutely schedule writes 100 rows, not 10,080.
    /// </summary>
    public const int MaxOccurrencesPerCatchUp = 100;
}
