using CronHooks.Application.Common;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Executions.Common;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Webhooks.TriggerWebhook;

/// <summary>Runs a webhook now, once, outside its schedule: queues an attempt due immediately.</summary>
public sealed record TriggerWebhookCommand(Guid Id) : ICommand<ExecutionResponse>;

public sealed class TriggerWebhookHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IOwnerAttemptQuota ownerQuota, IOptions<QuotaOptions> quotas, TimeProvider clock)
    : ICommandHandler<TriggerWebhookCommand, ExecutionResponse>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async ValueTask<ExecutionResponse> Handle(TriggerWebhookCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        if (!webhook.IsActive)
            throw new ConflictException("This webhook is cancelled; resume it before running it.");

        var now = clock.GetUtcNow();
        await EnsureWithinQuotasAsync(webhook.Id, webhook.OwnerId, now, cancellationToken);
        // Microsecond precision: PostgreSQL keeps no more, and (webhook, occurrence, attempt) is unique.
        var occurrence = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        var attempt = new QueuedAttempt
        {
            Id = Guid.CreateVersion7(),
            WebhookId = webhook.Id,
            OwnerId = webhook.OwnerId,
            AttemptNumber = 1,
            Trigger = ExecutionTrigger.Manual,
            ScheduledFor = occurrence,
            DueAt = occurrence,
            CreatedAt = now,
        };
        // The queue notifies delivery nodes on insert (a database trigger), in this transaction.
        db.Queue.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return ExecutionResponse.From(attempt.ToExecution());
    }

    /// <summary>
    /// Run-now answers 429 (with when to try again) rather than queueing what the delivery quota would only hold back:
    /// the caller is there to be told. Two requests at the same instant may both pass; the owner's quota still bounds sends.
    /// </summary>
    private async Task EnsureWithinQuotasAsync(Guid webhookId, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = quotas.Value.RunNowPerWebhookPerMinute;
        // Queued and finished run-nows alike (the view holds both); retries of a run-now do not count again.
        var recent = await db.Executions
            .Where(e => e.WebhookId == webhookId && e.Trigger == ExecutionTrigger.Manual && e.AttemptNumber == 1 && e.CreatedAt > now - Window)
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => e.CreatedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (recent.Count >= limit)
            throw new TooManyRequestsException(
                $"This webhook was run now {limit} times within the last minute (Quotas:RunNowPerWebhookPerMinute); try again after Retry-After seconds.",
                recent[^1] + Window - now);

        var used = await ownerQuota.AttemptsThisMinuteAsync(ownerId, cancellationToken);
        var quota = used.Limit ?? quotas.Value.AttemptsPerOwnerPerMinute; // an admin's per-user override, else the setting
        if (used.Attempts >= quota)
            throw new TooManyRequestsException(
                $"This account's webhooks made {used.Attempts} attempts this minute, its quota of {quota} (Quotas:AttemptsPerOwnerPerMinute or an admin's override); try again after Retry-After seconds.",
                used.MinuteEndsIn);
    }
}
