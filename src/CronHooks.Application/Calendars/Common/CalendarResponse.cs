using CronHooks.Domain.Calendars;

namespace CronHooks.Application.Calendars.Common;

/// <summary>A calendar as the API shows it.</summary>
public sealed record CalendarResponse(
    Guid Id,
    string Name,
    string Timezone,
    IReadOnlyList<DateOnly> Dates,
    string? Country,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CalendarResponse From(Calendar c) => new(c.Id, c.Name, c.TimeZone, c.Dates, c.Country, c.CreatedAt, c.UpdatedAt);
}
