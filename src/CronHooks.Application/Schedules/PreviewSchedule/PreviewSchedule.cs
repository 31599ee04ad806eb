using CronHooks.Application.Common.Ports;
using CronHooks.Application.Schedules.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.Schedules.PreviewSchedule;

/// <summary>The next runs of a cron expression, before any webhook uses it.</summary>
public sealed record PreviewScheduleQuery(string? CronExpression, string? Timezone = null, int Count = 10) : IQuery<OccurrencesResponse>;

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
    }
}

public sealed class PreviewScheduleHandler(IScheduleCalculator schedules, TimeProvider clock)
    : IQueryHandler<PreviewScheduleQuery, OccurrencesResponse>
{
    public ValueTask<OccurrencesResponse> Handle(PreviewScheduleQuery query, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Find(query.Timezone ?? TimeZones.Default);
        var instants = schedules.Occurrences(query.CronExpression!.Trim(), zone, clock.GetUtcNow(), query.Count);
        return ValueTask.FromResult(OccurrencesResponse.From(instants, zone));
    }
}
