namespace CronHooks.Application.Schedules.Common;

/// <summary>Future run times, each as a UTC instant and as the wall-clock time in the schedule's zone.</summary>
public sealed record OccurrencesResponse(IReadOnlyList<Occurrence> Occurrences)
{
    public const int MaxCount = 100;

    public static OccurrencesResponse From(IEnumerable<DateTimeOffset> instants, TimeZoneInfo zone) =>
        new(instants.Select(i => new Occurrence(i.UtcDateTime, TimeZoneInfo.ConvertTime(i, zone))).ToList());
}

/// <param name="Utc">The instant, in UTC.</param>
/// <param name="Local">The same instant with the schedule's time-zone offset.</param>
public sealed record Occurrence(DateTime Utc, DateTimeOffset Local);
