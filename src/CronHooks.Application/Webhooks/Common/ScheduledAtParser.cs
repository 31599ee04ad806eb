using System.Globalization;
using CronHooks.Domain.Scheduling;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>Reads a one-time webhook's <c>scheduledAt</c>: an instant when it has an offset, else a local time.</summary>
public static class ScheduledAtParser
{
    public static ScheduledAtResult Parse(string text, TimeZoneInfo zone)
    {
        if (HasOffset(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                ? new(instant.ToUniversalTime(), null)
                : new(null, "scheduledAt must be an ISO 8601 date-time, e.g. 2027-01-31T09:00:00Z.");
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || !text.Contains('T', StringComparison.Ordinal))
            return new(null, "scheduledAt must be an ISO 8601 date-time, e.g. 2027-01-31T09:00:00Z.");

        return TimeZones.TryResolveLocal(local, zone, out var resolved)
            ? new(resolved, null)
            : new(null, $"{local:yyyy-MM-ddTHH:mm:ss} does not exist in {zone.Id} (skipped by a daylight-saving change); give an offset or another time.");
    }

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        if (time < 0)
            return false;
        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.IndexOfAny('+', '-') >= 0;
    }
}

public sealed record ScheduledAtResult(DateTimeOffset? Instant, string? Error);
