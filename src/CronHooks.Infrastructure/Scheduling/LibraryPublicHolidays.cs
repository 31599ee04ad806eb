using System.Collections.Concurrent;
using IPublicHolidays = CronHooks.Application.Common.Ports.IPublicHolidays;
using PublicHoliday;

namespace CronHooks.Infrastructure.Scheduling;

/// <summary>
/// The public-holiday port from the PublicHoliday package: national holidays computed, not stored, so there is no
/// table of dates to refresh. A country's holidays of a year are computed once per process and kept.
/// </summary>
internal sealed class LibraryPublicHolidays : IPublicHolidays
{
    private readonly ConcurrentDictionary<(string Country, int Year), HashSet<DateOnly>> years = new();

    public bool IsSupported(string country) => Parse(country) is not null;

    public bool IsPublicHoliday(string country, DateOnly date) =>
        Parse(country) is { } code && years.GetOrAdd((country.ToUpperInvariant(), date.Year), key =>
            PublicHolidayFactory.GetPublicHolidayForCountry(code).PublicHolidays(key.Year).Select(DateOnly.FromDateTime).ToHashSet()).Contains(date);

    /// <summary>A two-letter ISO 3166-1 code the library knows; its legacy "PO" for Poland is not ISO, so it is refused.</summary>
    private static PublicHolidayCountryCode? Parse(string country) =>
        country.Length == 2 && char.IsAsciiLetter(country[0]) && char.IsAsciiLetter(country[1])
        && !country.Equals("PO", StringComparison.OrdinalIgnoreCase)
        && Enum.TryParse<PublicHolidayCountryCode>(country, ignoreCase: true, out var code)
            ? code
            : null;
}
