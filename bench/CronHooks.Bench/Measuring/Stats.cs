namespace CronHooks.Bench.Measuring;

/// <summary>Exact percentiles over recorded samples (the sample counts here fit in memory) and medians of runs.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static LatencySummary Summarize(IEnumerable<double> samplesMs)
    {
        var sorted = samplesMs.Order().ToArray();
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }
}

/// <summary>Milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P99, double Max);
