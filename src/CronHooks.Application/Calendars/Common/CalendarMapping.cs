using CronHooks.Domain.Calendars;
using CronHooks.Domain.Scheduling;

namespace CronHooks.Application.Calendars.Common;

internal static class CalendarMapping
{
    /// <summary>Copies a validated definition onto the entity: dates sorted and distinct, the country upper case.</summary>
    public static void ApplyTo(this CalendarDefinition d, Calendar calendar)
    {
        calendar.Name = d.Name!;
        calendar.TimeZone = d.Timezone ?? TimeZones.Default;
        calendar.Dates = (d.Dates ?? []).Distinct().Order().ToList();
        calendar.Country = string.IsNullOrEmpty(d.Country) ? null : d.Country.ToUpperInvariant();
    }
}
