using System.Diagnostics.CodeAnalysis;

namespace CronHooks.Domain.Scheduling;

/// <summary>IANA time zones and the local-time rules users are promised around daylight saving.</summary>
public static class TimeZones
{
    public const string Default = "UTC";

    /// <summary>Finds an IANA zone by id; Windows ids and abbreviations are not accepted.</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
            return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new ArgumentException($"Unknown time zone '{id}'.", nameof(id));

    /// <summary>
    /// Turns a wall-clock time in <paramref name="zone"/> into an instant. A time skipped by a
    /// spring-forward gap has no instant (false); a time repeated by a fall-back takes its first pass.
    /// </summary>
    public static bool TryResolveLocal(DateTime local, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        instant = default;
        if (zone.IsInvalidTime(local))
            return false;

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max() // the larger offset is the earlier instant: the first pass
            : zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }
}
