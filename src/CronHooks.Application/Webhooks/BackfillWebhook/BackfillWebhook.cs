using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Webhooks.BackfillWebhook;

/// <summary>
/// Queues the schedule's occurrences in the past range [from, to] (within startsAt/endsAt), each its own occurrence and
/// webhook-id, oldest first, trigger <c>backfill</c>. Idempotent: an occurrence already queued or in the history
/// (one first attempt per occurrence) is counted as existing and not queued again.
/// </summary>
public sealed record BackfillWebhookCommand(Guid Id, DateTimeOffset? From, DateTimeOffset? To) : ICommand<BackfillResponse>, IAuditedCommand;

/// <summary>How many occurrences of the range were queued now, and how many were queued or sent before.</summary>
public sealed record BackfillResponse(int Queued, int AlreadyExisting, DateTimeOffset? FirstOccurrence, DateTimeOffset? LastOccurrence);

public sealed class BackfillWebhookValidator : AbstractValidator<BackfillWebhookCommand>
{
    public BackfillWebhookValidator(TimeProvider clock)
    {
        RuleFor(c => c.From).NotNull();
        RuleFor(c => c.To).NotNull();
        RuleFor(c => c.To).Must(to => to <= clock.GetUtcNow()).When(c => c.To is not null)
            .WithMessage("to must not be after now: backfill queues past occurrences.");
        RuleFor(c => c.To).GreaterThanOrEqualTo(c => c.From).When(c => c.From is not null && c.To is not null)
            .WithMessage("to must not be before from.");
    }
}

public sealed class BackfillWebhookHandler(IApplicationDbContext db, ICurrentUser currentUser, IScheduleCalculator schedules, TimeProvider clock)
    : ICommandHandler<BackfillWebhookCommand, BackfillResponse>
{
    /// <summary>The most occurrences one backfill may queue.</summary>
    public const int MaxOccurrences = 1000;

    public async ValueTask<BackfillResponse> Handle(BackfillWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        if (webhook.ScheduleType != ScheduleType.Recurring)
            throw new ValidationException([new ValidationFailure("scheduleType", "Backfill is for recurring webhooks; a one-time webhook has one occurrence (run it now with trigger).")]);
        if (webhook.State != WebhookState.Active)
            throw new ConflictException("This webhook is not active (cancelled or paused); resume it before backfilling, or its backfilled occurrences would only be skipped.");

        var (from, to) = (command.From!.Value.ToUniversalTime(), command.To!.Value.ToUniversalTime());
        // Strictly after: one microsecond (PostgreSQL's precision) before from makes the range inclusive.
        var occurrences = schedules.Occurrences(webhook.CronExpression!, TimeZones.Find(webhook.TimeZone), from.AddTicks(-10),
                MaxOccurrences + 1, webhook.StartsAt, webhook.EndsAt)
            .Where(o => o <= to).Select(o => o.ToUniversalTime()).ToList();
        if (occurrences.Count > MaxOccurrences)
            throw new ValidationException([new ValidationFailure("to",
                $"The range holds more than {MaxOccurrences} occurrences (the {MaxOccurrences + 1}st is at {occurrences[MaxOccurrences].UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); end it before that, and backfill the rest in another call.")]);
        if (occurrences.Count == 0)
            return new BackfillResponse(0, 0, null, null);

        var (first, last) = (occurrences[0], occurrences[^1]);
        var existing = (await db.Executions
                .Where(e => e.WebhookId == webhook.Id && e.AttemptNumber == 1 && e.ScheduledFor >= first && e.ScheduledFor <= last)
                .Select(e => e.ScheduledFor)
                .ToListAsync(cancellationToken))
            .ToHashSet();
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var occurrence in occurrences.Where(o => !existing.Contains(o)))
        {
            // Due one microsecond apart: the queue is claimed by (due_at, id), so they go out oldest first.
            db.Queue.Add(new QueuedAttempt
            {
                Id = Guid.CreateVersion7(),
                WebhookId = webhook.Id,
                OwnerId = webhook.OwnerId,
                AttemptNumber = 1,
                Trigger = ExecutionTrigger.Backfill,
                ScheduledFor = occurrence,
                DueAt = now.AddTicks(10L * queued),
                CreatedAt = now,
            });
            queued++;
        }
        // A concurrent identical backfill that inserted first makes this one a unique violation: a 409, nothing queued twice.
        if (queued > 0)
            await db.SaveChangesAsync(cancellationToken);
        return new BackfillResponse(queued, occurrences.Count - queued, first, last);
    }
}
