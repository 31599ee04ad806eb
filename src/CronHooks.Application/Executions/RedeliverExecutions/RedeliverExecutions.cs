using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Domain.Executions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Executions.RedeliverExecutions;

/// <summary>
/// Redelivers, in one request, the undelivered occurrences a filter finds (newest first, at most <c>limit</c>): the
/// dead-letter redrive. Each occurrence whose last attempt failed or was skipped, of an active webhook, gets one new
/// attempt with its own <c>webhook-id</c>; everything else the filter finds is left alone.
/// </summary>
/// <param name="Status"><c>failed</c> (the default) or <c>skipped</c>.</param>
/// <param name="WebhookId">Only this webhook's occurrences.</param>
/// <param name="ErrorKind">Only attempts that failed or were skipped for this reason (e.g. <c>timeout</c>).</param>
/// <param name="From">Only attempts created after this instant.</param>
/// <param name="To">Only attempts created at or before this instant.</param>
/// <param name="Limit">At most this many occurrences, 1–1,000; defaults to 100.</param>
public sealed record RedeliverExecutionsCommand(
    ExecutionStatus? Status = null, Guid? WebhookId = null, string? ErrorKind = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int? Limit = null) : ICommand<RedeliveryResponse>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public ExecutionFilter ToFilter() => new(Status ?? ExecutionStatus.Failed, WebhookId, ErrorKind, From, To);
}

/// <summary>How many occurrences were queued again.</summary>
public sealed record RedeliveryResponse(int Queued);

public sealed class RedeliverExecutionsValidator : AbstractValidator<RedeliverExecutionsCommand>
{
    public RedeliverExecutionsValidator()
    {
        this.ValidFilter(c => c.ToFilter());
        RuleFor(c => c.Status).Must(s => s is null || Redeliveries.Redeliverable.Contains(s.Value))
            .WithMessage("Only failed or skipped attempts can be redelivered.");
        RuleFor(c => c.Limit).InclusiveBetween(1, RedeliverExecutionsCommand.MaxLimit);
    }
}

public sealed class RedeliverExecutionsHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<RedeliverExecutionsCommand, RedeliveryResponse>
{
    public async ValueTask<RedeliveryResponse> Handle(RedeliverExecutionsCommand command, CancellationToken cancellationToken)
    {
        var attempts = await Redeliveries.Eligible(db, command.ToFilter().Apply(db, currentUser.Id))
            .AsNoTracking()
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Take(command.Limit ?? RedeliverExecutionsCommand.DefaultLimit)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        db.Queue.AddRange(attempts.Select(a => Redeliveries.Next(a, now)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Some of these occurrences were just queued again by another request; nothing was queued. Try again.");
        }
        return new RedeliveryResponse(attempts.Count);
    }
}
