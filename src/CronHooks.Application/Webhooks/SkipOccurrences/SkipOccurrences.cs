using CronHooks.Application.Calendars.Common;
using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using FluentValidation;
using Mediator;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Webhooks.SkipOccurrences;

/// <summary>
/// Sets how many of the webhook's next scheduled occurrences are recorded skipped (kind <c>paused</c>) instead of
/// sent; the count goes down as they come (<c>skipNext</c>). It replaces any count left; 0 cancels it.
/// Run-nows, redeliveries, backfills and retries are not occurrences of the schedule, and are sent.
/// </summary>
public sealed record SkipOccurrencesCommand(Guid Id, int? Count) : ICommand<WebhookResponse>, IAuditedCommand;

public sealed class SkipOccurrencesValidator : AbstractValidator<SkipOccurrencesCommand>
{
    public SkipOccurrencesValidator() => RuleFor(c => c.Count).NotNull().InclusiveBetween(0, WebhookPausing.MaxSkipNext);
}

public sealed class SkipOccurrencesHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, IPublicHolidays publicHolidays,
    ISecretProtector secrets, TimeProvider clock)
    : ICommandHandler<SkipOccurrencesCommand, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(SkipOccurrencesCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (webhook.SkipNext != command.Count!.Value)
        {
            webhook.SkipNext = command.Count.Value;
            webhook.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        var holidays = await WebhookHolidays.LoadAsync(db.Calendars, publicHolidays, [webhook], cancellationToken);
        return webhook.ToResponse(schedules, holidays, secrets, now);
    }
}
