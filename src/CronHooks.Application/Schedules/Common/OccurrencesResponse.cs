using System.Text.Json.Serialization;
using CronHooks.Domain.Scheduling;

namespace CronHooks.Application.Schedules.Common;

/// <summary>Future run times, each as a UTC instant and as the wall-clock time in the schedule's zone.</summary>
public sealed record OccurrencesResponse(IReadOnlyList<Occurrence> Occurrences)
{
    public const int MaxCount = 100;

    public static OccurrencesResponse From(IEnumerable<DateTimeOffset> instants, TimeZoneInfo zone) =>
        new(instants.Select(i => new Occurrence(i.UtcDateTime, TimeZoneInfo.ConvertTime(i, zone))).ToList());

    /// <summary>Runs at their due instants; a run that jitter or a day off moved also carries its occurrence.</summary>
    public static OccurrencesResponse From(IEnumerable<ScheduledRun> runs, TimeZoneInfo zone) =>
        new(runs.Select(r => new Occurrence(r.DueAt.UtcDateTime, TimeZoneInfo.ConvertTime(r.DueAt, zone))
        {
            ScheduledFor = r.DueAt == r.Occurrence ? null : r.Occurrence.UtcDateTime,
        }).ToList());
}

/// <param name="Utc">The instant, in UTC.</param>
/// <param name="Local">The same instant with the schedule's time-zone offset.</param>
public sealed record Occurrence(DateTime Utc, DateTimeOffset Local)
{
    /// <summary>The schedule's occurrence when the run is sent at another instant (<c>utc</c>): later by its jitter, or moved off a day off; the webhook-id is this one's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? ScheduledFor { get; init; }

    /// <summary>A preview with jitter but no webhook: the latest it may be sent (the delay depends on the webhook's id).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? LatestUtc { get; init; }
}
