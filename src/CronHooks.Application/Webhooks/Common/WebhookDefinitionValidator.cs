using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>The rules every stated webhook obeys, shared by create and replace (and so by merge patch).</summary>
public abstract class WebhookDefinitionValidator<T> : AbstractValidator<T>
    where T : WebhookDefinition
{
    protected WebhookDefinitionValidator(IScheduleCalculator schedules, IDestinationPolicy destinations, IOptions<ResourceLimits> limits,
        IOptions<QuotaOptions> quotas)
    {
        RuleFor(d => d.Key).Matches(Webhook.KeyPattern)
            .WithMessage($"key may hold letters, digits, '.', '_' and '-', starting with a letter or digit (up to {Webhook.MaxKeyLength}).")
            .When(d => d.Key is not null);
        RuleFor(d => d.Name).NotEmpty().MaximumLength(Webhook.MaxNameLength);
        RuleFor(d => d.Url).NotEmpty().MaximumLength(Webhook.MaxUrlLength)
            .Must(url => destinations.CheckUrl(url!) is null)
            .WithMessage((_, url) => destinations.CheckUrl(url!));
        RuleFor(d => d.HttpMethod).IsInEnum();
        RuleFor(d => d.ScheduleType).NotNull().IsInEnum();
        RuleFor(d => d.MissedRunPolicy).IsInEnum();
        RuleFor(d => d.OnHoliday).IsInEnum();
        RuleFor(d => d.MaxRetries).InclusiveBetween(0, RetryPolicy.MaxRetriesLimit);
        RuleFor(d => d.RetryDelaySeconds).InclusiveBetween(1, RetryPolicy.MaxDelaySeconds);
        RuleFor(d => d.TimeoutSeconds).InclusiveBetween(Webhook.MinTimeoutSeconds, Webhook.MaxTimeoutSeconds);
        RuleFor(d => d.Timezone)
            .Must(id => id is null || TimeZones.TryFind(id, out _))
            .WithMessage(d => $"'{d.Timezone}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC).");
        // The alert URL is a destination like the webhook's own: the same SSRF rules, checked the same way.
        When(d => d.Alert is not null, () =>
        {
            RuleFor(d => d.Alert!.Url).NotEmpty().MaximumLength(Webhook.MaxUrlLength)
                .Must(url => destinations.CheckUrl(url!) is null)
                .WithMessage((_, url) => destinations.CheckUrl(url!))
                .OverridePropertyName("alert.url");
            RuleFor(d => d.Alert!.ConsecutiveFailures)
                .InclusiveBetween(AlertSettings.MinConsecutiveFailures, AlertSettings.MaxConsecutiveFailures)
                .OverridePropertyName("alert.consecutiveFailures");
        });
        // Callback URLs are destinations like the webhook's own: the same SSRF rules, checked the same way.
        RuleFor(d => d.CallbackUrl).MaximumLength(Webhook.MaxUrlLength)
            .Must(url => destinations.CheckUrl(url!) is null)
            .WithMessage((_, url) => destinations.CheckUrl(url!))
            .When(d => !string.IsNullOrEmpty(d.CallbackUrl));
        RuleFor(d => d.FailureCallbackUrl).MaximumLength(Webhook.MaxUrlLength)
            .Must(url => destinations.CheckUrl(url!) is null)
            .WithMessage((_, url) => destinations.CheckUrl(url!))
            .When(d => !string.IsNullOrEmpty(d.FailureCallbackUrl));
        RuleFor(d => d.Headers).Custom((headers, context) =>
        {
            foreach (var problem in HeaderRules.Check(headers!, limits.Value))
                context.AddFailure(problem);
        }).When(d => d.Headers is not null);

        When(d => d.ScheduleType == ScheduleType.Once, () =>
        {
            RuleFor(d => d.ScheduledAt).NotEmpty().WithMessage("scheduledAt is required for a one-time webhook.");
            RuleFor(d => d.ScheduledAt)
                .Must((d, text) => ScheduledAtParser.Parse(text!, ZoneOf(d)).Error is null)
                .WithMessage((d, text) => ScheduledAtParser.Parse(text!, ZoneOf(d)).Error)
                .When(d => !string.IsNullOrEmpty(d.ScheduledAt) && TimeZones.TryFind(d.Timezone ?? TimeZones.Default, out _));
            RuleFor(d => d.CronExpression).Null().WithMessage("cronExpression is only for recurring webhooks.");
            RuleFor(d => d.StartsAt).Null().WithMessage("startsAt is only for recurring webhooks.");
            RuleFor(d => d.EndsAt).Null().WithMessage("endsAt is only for recurring webhooks.");
            RuleFor(d => d.CalendarIds).Must(ids => ids is null || ids.Count == 0).WithMessage("calendarIds is only for recurring webhooks.");
        });
        RuleFor(d => d.CalendarIds).Must(ids => ids is null || ids.Count == 0).When(d => d.ScheduleType == ScheduleType.Interval)
            .WithMessage("calendarIds is only for recurring (cron) webhooks; an interval runs on its grid whatever the day.");

        When(d => d.ScheduleType == ScheduleType.Recurring, () =>
        {
            RuleFor(d => d.CronExpression).NotEmpty().WithMessage("cronExpression is required for a recurring webhook.")
                .MaximumLength(Webhook.MaxCronExpressionLength);
            RuleFor(d => d.CronExpression)
                .Must((d, cron) => schedules.Validate(cron!, ZoneOf(d)) is null)
                .WithMessage((d, cron) => schedules.Validate(cron!, ZoneOf(d)))
                .When(d => !string.IsNullOrWhiteSpace(d.CronExpression) && TimeZones.TryFind(d.Timezone ?? TimeZones.Default, out _));
            // The account quota on how often a schedule may fire; checked only on an expression that is valid.
            RuleFor(d => d.CronExpression)
                .Must((d, cron) => !(schedules.ShortestInterval(cron!, ZoneOf(d)) < quotas.Value.MinScheduleInterval))
                .WithMessage((d, cron) =>
                    $"'{cron!.Trim()}' fires as often as every {Minutes(schedules.ShortestInterval(cron!, ZoneOf(d)))}; schedules here may fire " +
                    $"at most once every {Minutes(quotas.Value.MinScheduleInterval)}: space its occurrences further apart.")
                .When(d => quotas.Value.MinScheduleInterval is not null && !string.IsNullOrWhiteSpace(d.CronExpression)
                           && TimeZones.TryFind(d.Timezone ?? TimeZones.Default, out _) && schedules.Validate(d.CronExpression!, ZoneOf(d)) is null);
            RuleFor(d => d.ScheduledAt).Null().WithMessage("scheduledAt is only for one-time webhooks.");
            RuleFor(d => d.CalendarIds!.Count).LessThanOrEqualTo(Webhook.MaxCalendars).OverridePropertyName("calendarIds")
                .WithMessage($"calendarIds may name at most {Webhook.MaxCalendars} calendars.")
                .When(d => d.CalendarIds is not null);
            RuleFor(d => d.EndsAt).GreaterThan(d => d.StartsAt).When(d => d.StartsAt is not null && d.EndsAt is not null)
                .WithMessage("endsAt must be after startsAt.");
        });

        RuleFor(d => d.SuccessCriteria).Custom((criteria, context) => DeliveryRules.CheckSuccessCriteria(criteria!, context))
            .When(d => d.SuccessCriteria is not null);
        RuleFor(d => d.RetryOn).Custom((items, context) => DeliveryRules.CheckRetryOn(items!, context)).When(d => d.RetryOn is not null);
        RuleFor(d => d.MaxRetryAgeSeconds).InclusiveBetween(1, RetryPolicy.MaxRetryAgeSecondsLimit);
        RuleFor(d => d.PauseAfterFailures).InclusiveBetween(WebhookPausing.MinPauseAfterFailures, WebhookPausing.MaxPauseAfterFailures);
        RuleFor(d => d.JitterSeconds).InclusiveBetween(0, Jitter.MaxSeconds);
        RuleFor(d => d.JitterSeconds).Must(j => j is null or 0).When(d => d.ScheduleType == ScheduleType.Once)
            .WithMessage("jitterSeconds is only for recurring and interval webhooks: a one-time webhook runs at its scheduledAt.");
        When(d => d.ScheduleType == ScheduleType.Interval, () =>
        {
            RuleFor(d => d.IntervalSeconds).NotNull().WithMessage("intervalSeconds is required for an interval webhook.");
            RuleFor(d => d.IntervalSeconds).InclusiveBetween(limits.Value.MinIntervalSeconds, IntervalSchedule.MaxSeconds)
                .WithMessage(d => $"intervalSeconds must be between {limits.Value.MinIntervalSeconds} and {IntervalSchedule.MaxSeconds} (366 days); it was {d.IntervalSeconds}.");
            RuleFor(d => d.IntervalSeconds)
                .Must(s => !(TimeSpan.FromSeconds(s!.Value) < quotas.Value.MinScheduleInterval))
                .WithMessage(d => $"Schedules here may fire at most once every {Minutes(quotas.Value.MinScheduleInterval)}: intervalSeconds must be at least {quotas.Value.MinScheduleInterval!.Value.TotalSeconds:0}.")
                .When(d => quotas.Value.MinScheduleInterval is not null && d.IntervalSeconds is not null);
            RuleFor(d => d.CronExpression).Null().WithMessage("cronExpression is not for interval webhooks: intervalSeconds says how often it runs.");
            RuleFor(d => d.ScheduledAt).Null().WithMessage("scheduledAt is only for one-time webhooks.");
            RuleFor(d => d.EndsAt).GreaterThan(d => d.StartsAt).When(d => d.StartsAt is not null && d.EndsAt is not null)
                .WithMessage("endsAt must be after startsAt.");
        });
        RuleFor(d => d.IntervalSeconds).Null().When(d => d.ScheduleType != ScheduleType.Interval)
            .WithMessage("intervalSeconds is only for interval webhooks (scheduleType: interval).");
        RuleFor(d => d.Anchor).Null().When(d => d.ScheduleType != ScheduleType.Interval)
            .WithMessage("anchor is only for interval webhooks (scheduleType: interval).");
        RuleFor(d => d.CatchupWindowSeconds).InclusiveBetween(CatchupWindow.MinSeconds, CatchupWindow.MaxSeconds);
        RuleFor(d => d.OverlapPolicy).IsInEnum();
    }

    private static string Minutes(TimeSpan? span) =>
        span is { TotalMinutes: var m } ? (m == 1 ? "minute" : $"{m:0.#} minutes") : "never";

    private static TimeZoneInfo ZoneOf(WebhookDefinition d) => TimeZones.Find(d.Timezone ?? TimeZones.Default);
}
