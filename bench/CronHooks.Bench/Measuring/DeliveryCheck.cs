using CronHooks.Bench.Environment;

namespace CronHooks.Bench.Measuring;

/// <summary>
/// Compares what arrived with what was due. Lateness = arrival − due time; lost = expected and never received;
/// duplicated = one (webhook, occurrence) received more than once (every expected webhook here has one occurrence).
/// </summary>
internal sealed record DeliveryCheck(
    int Expected, int Received, int Lost, int Duplicated, LatencySummary Lateness, double[] LatenessMs,
    DateTimeOffset? FirstArrival, DateTimeOffset? LastArrival)
{
    public static DeliveryCheck Of(IReadOnlyDictionary<int, DateTimeOffset> due, IReadOnlyList<Arrival> arrivals)
    {
        var seen = new Dictionary<int, int>();
        var lateness = new List<double>(arrivals.Count);
        DateTimeOffset? first = null, last = null;
        foreach (var arrival in arrivals)
        {
            if (!due.TryGetValue(arrival.Index, out var expectedAt))
                continue;
            // The baseline states the fire time it served in a header; Quartz keeps it to the millisecond.
            var dueAt = arrival.ScheduledFor ?? expectedAt;
            seen[arrival.Index] = seen.GetValueOrDefault(arrival.Index) + 1;
            if (seen[arrival.Index] == 1)
                lateness.Add((arrival.At - dueAt).TotalMilliseconds);
            if (first is null || arrival.At < first) first = arrival.At;
            if (last is null || arrival.At > last) last = arrival.At;
        }
        var lost = due.Keys.Count(k => !seen.ContainsKey(k));
        var duplicated = seen.Values.Sum(n => n - 1);
        var samples = lateness.ToArray();
        return new DeliveryCheck(due.Count, seen.Count, lost, duplicated, Stats.Summarize(samples), samples, first, last);
    }
}
