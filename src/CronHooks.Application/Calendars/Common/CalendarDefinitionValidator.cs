using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Scheduling;
using FluentValidation;

namespace CronHooks.Application.Calendars.Common;

/// <summary>The rules every stated calendar obeys, shared by create and replace.</summary>
public abstract class CalendarDefinitionValidator<T> : AbstractValidator<T>
    where T : CalendarDefinition
{
    protected CalendarDefinitionValidator(IPublicHolidays publicHolidays)
    {
        RuleFor(d => d.Name).NotEmpty().MaximumLength(Calendar.MaxNameLength);
        RuleFor(d => d.Timezone)
            .Must(id => id is null || TimeZones.TryFind(id, out _))
            .WithMessage(d => $"'{d.Timezone}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC).");
        RuleFor(d => d.Dates!.Count).LessThanOrEqualTo(Calendar.MaxDates).OverridePropertyName("dates")
            .WithMessage($"dates may hold at most {Calendar.MaxDates} dates.")
            .When(d => d.Dates is not null);
        RuleFor(d => d.Country)
            .Must(country => publicHolidays.IsSupported(country!))
            .WithMessage(d => $"'{d.Country}' is not a country whose public holidays are known; use an ISO 3166-1 alpha-2 code such as DE, FR, GB or US (see docs/schedules.md for the list).")
            .When(d => !string.IsNullOrEmpty(d.Country));
        // A calendar with no day off at all is almost certainly a mistake.
        RuleFor(d => d.Dates).Must(dates => dates is { Count: > 0 }).When(d => string.IsNullOrEmpty(d.Country))
            .WithMessage("A calendar needs dates, a country, or both.");
    }
}
