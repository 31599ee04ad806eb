using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;

namespace CronHooks.Application.Webhooks.CreateWebhook;

public sealed class CreateWebhookValidator : WebhookDefinitionValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator(IScheduleCalculator schedules, IDestinationPolicy destinations, TimeProvider clock)
        : base(schedules, destinations)
    {
        RuleFor(d => d.ScheduledAt)
            .Must((d, _) => IsFuture(d, clock))
            .WithMessage("scheduledAt must be in the future.")
            .When(d => d.ScheduleType == ScheduleType.Once && !string.IsNullOrEmpty(d.ScheduledAt));
    }

    internal static bool IsFuture(WebhookDefinition d, TimeProvider clock)
    {
        if (!TimeZones.TryFind(d.Timezone ?? TimeZones.Default, out var zone))
            return true; // the time zone rule reports this
        var instant = ScheduledAtParser.Parse(d.ScheduledAt!, zone).Instant;
        return instant is null || instant > clock.GetUtcNow();
    }
}
