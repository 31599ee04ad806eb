namespace CronHooks.Domain.Scheduling;

/// <summary>
/// "Every N seconds from an anchor": occurrences are <see cref="Anchor"/> + k × <see cref="Seconds"/> for k ≥ 0, in
/// absolute time (no time zone, no daylight saving: 90 minutes are always 90 minutes).
/// </summary>
public sealed record IntervalSchedule(int Seconds, DateTimeOffset Anchor)
{
    /// <summary>The shortest interval allowed unless <c>Limits:MinIntervalSeconds</c> says otherwise.</summary>
    public const int DefaultMinSeconds = 60;

    /// <summary>The longest interval: 366 days.</summary>
    public const int MaxSeconds = 366 * 24 * 3600;

    private long Ticks => Seconds * TimeSpan.TicksPerSecond;

    /// <summary>The latest occurrence at or before <paramref name="instant"/>, or null before the anchor.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant)
    {
        if (instant < Anchor)
            return null;
        var k = (instant.UtcTicks - Anchor.UtcTicks) / Ticks;
        return Anchor.ToUniversalTime().AddTicks(k * Ticks);
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset instant) =>
        LatestAtOrBefore(instant) is { } latest ? latest.AddTicks(Ticks) : Anchor.ToUniversalTime();

    /// <summary>Up to <paramref name="count"/> occurrences after <paramref name="after"/>, within the optional window (inclusive).</summary>
    public IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset after, int count, DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null)
    {
        var results = new List<DateTimeOffset>(count);
        var cursor = startsAt is { } start && start > after ? start.AddTicks(-1) : after;
        while (results.Count < count)
        {
            var next = NextAfter(cursor);
            if (endsAt is { } end && next > end)
                break;
            results.Add(next);
            cursor = next;
        }
        return results;
    }
}
