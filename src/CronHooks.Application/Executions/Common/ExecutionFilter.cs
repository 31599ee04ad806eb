using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Executions;
using FluentValidation;

namespace CronHooks.Application.Executions.Common;

/// <summary>Which of the caller's attempts a dead-letter listing or a bulk redelivery means; every field optional.</summary>
/// <param name="Status">Only attempts in this status (e.g. <c>failed</c>).</param>
/// <param name="WebhookId">Only this webhook's attempts.</param>
/// <param name="ErrorKind">Only attempts that failed or were skipped for this reason (e.g. <c>timeout</c>, <c>http_status</c>).</param>
/// <param name="From">Only attempts created after this instant.</param>
/// <param name="To">Only attempts created at or before this instant.</param>
public sealed record ExecutionFilter(ExecutionStatus? Status, Guid? WebhookId, string? ErrorKind, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>Error kinds are short identifiers; a longer value cannot match and is refused.</summary>
    public const int MaxErrorKindLength = 64;

    /// <summary>Lists count their matches up to here: an exact count of millions of rows would cost more than the page itself.</summary>
    public const int MaxCounted = 10_000;

    /// <summary>The owner's attempts that match.</summary>
    public IQueryable<Execution> Apply(IApplicationDbContext db, Guid ownerId) => Apply(db.Executions.Where(e => e.OwnerId == ownerId));

    /// <summary>The attempts of <paramref name="executions"/> that match (everyone's, for an administrator).</summary>
    public IQueryable<Execution> Apply(IQueryable<Execution> executions)
    {
        if (Status is { } status)
            executions = executions.Where(e => e.Status == status);
        // Every finished attempt has a finish time and no queued one has: said here, the planner drops the queue from the
        // plan (its status is computed, so the status alone made it scan the whole queue for a finished status).
        if (Status is { } finished && finished is not (ExecutionStatus.Pending or ExecutionStatus.Running))
            executions = executions.Where(e => e.FinishedAt != null);
        if (WebhookId is { } webhookId)
            executions = executions.Where(e => e.WebhookId == webhookId);
        if (ErrorKind is { } kind)
            executions = executions.Where(e => e.ErrorKind == kind);
        if (From is { } from)
            executions = executions.Where(e => e.CreatedAt > from);
        if (To is { } to)
            executions = executions.Where(e => e.CreatedAt <= to);
        return executions;
    }
}

/// <summary>The rules every use of <see cref="ExecutionFilter"/> shares.</summary>
public static class ExecutionFilterRules
{
    public static void ValidFilter<T>(this AbstractValidator<T> validator, Func<T, ExecutionFilter> filter)
    {
        validator.RuleFor(q => filter(q).Status).IsInEnum().OverridePropertyName("status");
        validator.RuleFor(q => filter(q).ErrorKind).MaximumLength(ExecutionFilter.MaxErrorKindLength).OverridePropertyName("errorKind");
        validator.RuleFor(q => filter(q).To).GreaterThan(q => filter(q).From)
            .When(q => filter(q).From is not null && filter(q).To is not null)
            .WithMessage("to must be after from.").OverridePropertyName("to");
    }
}
