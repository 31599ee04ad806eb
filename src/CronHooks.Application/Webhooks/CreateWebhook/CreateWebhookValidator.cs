using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.CreateWebhook;

public sealed class CreateWebhookValidator : WebhookDefinitionValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator(IScheduleCalculator schedules, IDestinationPolicy destinations, IOptions<ResourceLimits> limits,
        IOptions<QuotaOptions> quotas, TimeProvider clock)
        : base(schedules, destinations, limits, quotas)
    {
        RuleFor(d => d.ScheduledAt)
            .Must((d, _) => IsFuture(d, clock))
            .WithMessage("scheduledAt must be in the future.")
            .When(d => d.ScheduleType == ScheduleType.Once && !string.IsNullOrEmpty(d.ScheduledAt));
        // Only a replace can keep a stored value; a new webhook has none.
        RuleFor(d => d.Headers).Must(h => h!.Values.All(v => v is not null))
            .WithMessage("Every header needs a value.").When(d => d.Headers is not null);
    }

    internal static bool IsFuture(WebhookDefinition d, TimeProvider clock)
    {
        if (!TimeZones.TryFind(d.Timezone ?? TimeZones.Default, out var zone))
            return true; // the time zone rule reports this
        var instant = ScheduledAtParser.Parse(d.ScheduledAt!, zone).Instant;
        return instant is null || instant > clock.GetUtcNow();
    }
}
