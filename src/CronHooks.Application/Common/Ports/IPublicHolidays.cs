namespace CronHooks.Application.Common.Ports;

/// <summary>Countries' public holidays, from a maintained library (so no table of dates to keep up to date by hand).</summary>
public interface IPublicHolidays
{
    /// <summary>Whether <paramref name="country"/> (ISO 3166-1 alpha-2, any case) is one whose holidays are known.</summary>
    bool IsSupported(string country);

    /// <summary>Whether <paramref name="date"/> is a national public holiday in a supported <paramref name="country"/>.</summary>
    bool IsPublicHoliday(string country, DateOnly date);
}
