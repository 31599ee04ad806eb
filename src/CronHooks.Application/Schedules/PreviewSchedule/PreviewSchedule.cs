using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Schedules.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.Schedules.PreviewSchedule;

/// <summary>
/// The next runs of a cron expression, before any webhook uses it; with <paramref name="CalendarIds"/>, the runs a webhook
/// with those calendars and <paramref name="OnHoliday"/> would really make (days off removed or moved).
/// </summary>
public sealed record PreviewScheduleQuery(
    string? CronExpression, string? Timezone = null, int Count = 10, IReadOnlyList<Guid>? CalendarIds = null, OnHoliday? OnHoliday = null)
    : IQuery<OccurrencesResponse>;

public sealed class PreviewScheduleValidator : AbstractValidator<PreviewScheduleQuery>
{
    public PreviewScheduleValidator(IScheduleCalculator schedules)
    {
        RuleFor(q => q.Count).InclusiveBetween(1, OccurrencesResponse.MaxCount);
        RuleFor(q => q.Timezone)
            .Must(id => id is null || TimeZones.TryFind(id, out _))
            .WithMessage(q => $"'{q.Timezone}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC).");
        RuleFor(q => q.CronExpression).NotEmpty().MaximumLength(Webhook.MaxCronExpressionLength);
        RuleFor(q => q.CronExpression)
            .Must((q, cron) => schedules.Validate(cron!, TimeZones.Find(q.Timezone ?? TimeZones.Default)) is null)
            .WithMessage((q, cron) => schedules.Validate(cron!, TimeZones.Find(q.Timezone ?? TimeZones.Default)))
            .When(q => !string.IsNullOrWhiteSpace(q.CronExpression) && TimeZones.TryFind(q.Timezone ?? TimeZones.Default, out _));
        RuleFor(q => q.CalendarIds!.Count).LessThanOrEqualTo(Webhook.MaxCalendars).OverridePropertyName("calendarIds")
            .WithMessage($"calendarIds may name at most {Webhook.MaxCalendars} calendars.")
            .When(q => q.CalendarIds is not null);
        RuleFor(q => q.OnHoliday).IsInEnum();
    }
}

public sealed class PreviewScheduleHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays, TimeProvider clock)
    : IQueryHandler<PreviewScheduleQuery, OccurrencesResponse>
{
    public async ValueTask<OccurrencesResponse> Handle(PreviewScheduleQuery query, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Find(query.Timezone ?? TimeZones.Default);
        var cron = query.CronExpression!.Trim();
        if (query.CalendarIds is { Count: > 0 } ids)
        {
            var calendars = await db.Calendars.GetAllOwnedAsync(ids, currentUser.Id, cancellationToken);
            return OccurrencesResponse.From(HolidayOccurrences.Upcoming(
                schedules, new HolidayRule(calendars, publicHolidays), query.OnHoliday ?? OnHoliday.Skip, cron, zone, clock.GetUtcNow(), query.Count), zone);
        }
        return OccurrencesResponse.From(schedules.Occurrences(cron, zone, clock.GetUtcNow(), query.Count), zone);
    }
}
