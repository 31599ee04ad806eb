using System.ComponentModel.DataAnnotations;

namespace CronHooks.Application.Common;

/// <summary>Per-user and per-webhook limits (section <c>Limits</c>); each is answered with a problem response and nothing changed.</summary>
public sealed class ResourceLimits
{
    public const string Section = "Limits";

    [Range(1, int.MaxValue)]
    public int MaxWebhooksPerUser { get; set; } = 1000;

    [Range(0, int.MaxValue)]
    public int MaxHeadersPerWebhook { get; set; } = 20;

    /// <summary>Names plus values, in UTF-8 bytes.</summary>
    [Range(1, int.MaxValue)]
    public int MaxHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>Failed logins for one username within <see cref="LoginFailureWindow"/> that lock it (429) until the oldest leaves the window.</summary>
    [Range(1, int.MaxValue)]
    public int MaxLoginFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan LoginFailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest <c>intervalSeconds</c> an interval webhook may have.</summary>
    [Range(1, Domain.Scheduling.IntervalSchedule.MaxSeconds)]
    public int MinIntervalSeconds { get; set; } = Domain.Scheduling.IntervalSchedule.DefaultMinSeconds;
}
