using System.ComponentModel.DataAnnotations;

namespace CronHooks.Scheduler.Pausing;

/// <summary>How often each node records the occurrences of owner-paused webhooks and resumes those whose pausedUntil came.</summary>
public sealed class PauseSweepOptions
{
    public const string Section = "PauseSweep";

    /// <summary>Between two sweeps; also how late a pause's resume at pausedUntil may be.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most occurrences of one webhook recorded per sweep: a long outage catches up over several sweeps.</summary>
    [Range(1, 10_000)]
    public int MaxOccurrencesPerWebhook { get; set; } = 500;
}
