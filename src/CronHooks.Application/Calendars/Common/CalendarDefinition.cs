namespace CronHooks.Application.Calendars.Common;

/// <summary>What a user states about a calendar: the body of create and replace.</summary>
public abstract record CalendarDefinition
{
    /// <summary>A name for people, up to 200 characters.</summary>
    public string? Name { get; init; }

    /// <summary>The IANA time zone an occurrence's local date is read in; defaults to UTC.</summary>
    public string? Timezone { get; init; }

    /// <summary>Explicit days off (local dates, yyyy-MM-dd), up to 1,000; duplicates are merged.</summary>
    public List<DateOnly>? Dates { get; init; }

    /// <summary>An ISO 3166-1 alpha-2 country code (e.g. DE, US, GB) whose national public holidays are days off too; omit for none.</summary>
    public string? Country { get; init; }
}
