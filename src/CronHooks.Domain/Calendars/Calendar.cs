namespace CronHooks.Domain.Calendars;

/// <summary>
/// A user's list of days off: explicit local dates and, optionally, a country's public holidays, read in one time zone.
/// Webhooks that reference it skip (or move) occurrences that fall on one of its days.
/// </summary>
public sealed class Calendar
{
    public const int MaxNameLength = 200;

    /// <summary>The most explicit dates one calendar holds.</summary>
    public const int MaxDates = 1000;

    /// <summary>The most calendars one user keeps.</summary>
    public const int MaxPerUser = 100;

    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public required string Name { get; set; }

    /// <summary>The IANA zone an occurrence's local date is read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Explicit days off, ascending and distinct.</summary>
    public List<DateOnly> Dates { get; set; } = [];

    /// <summary>An ISO 3166-1 alpha-2 code (upper case) whose public holidays are days off too, or null.</summary>
    public string? Country { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
