using System.Security.Cryptography;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Infrastructure.Observability;
using CronHooks.Scheduler.Callbacks;
using CronHooks.Scheduler.Common;
using CronHooks.Scheduler.Pausing;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// One claimed attempt from start to recorded outcome: load the webhook, skip or send, and write the
/// result (with the next attempt when it failed). A result that cannot be written because the database
/// is away is retried until it is written; it is never dropped.
/// </summary>
public sealed class AttemptRunner(
    IWebhookReader webhooks,
    QueueClaims queue,
    OutcomeWriter outcomes,
    OverlapCheck overlap,
    WebhookRequestFactory requests,
    WebhookSender sender,
    SchedulerNode thisNode,
    TimeProvider clock,
    SchedulerMetrics metrics,
    ILogger<AttemptRunner> logger,
    SkipNextCounter skips,
    HolidayCheck holidays)
{
    /// <param name="node">This node's id, as on the claim.</param>
    /// <param name="claim">The attempt, claimed and committed as Running for this node.</param>
    /// <param name="batch">The claim batch's webhooks, from <see cref="LoadWebhooksAsync"/>: absent = deleted.</param>
    /// <param name="abort">Fires when a shutdown's drain time is over: the attempt is given back instead.</param>
    public async Task RunAsync(string node, ClaimedAttempt claim, Task<IReadOnlyDictionary<Guid, Webhook>> batch, CancellationToken abort)
    {
        using var span = AttemptSpan.Start(claim);
        try
        {
            var webhook = await WebhookForAsync(claim, batch, abort);
            var outcome = SkipIfNotSendable(webhook, claim) ?? await SkipOnRequestAsync(webhook!, claim, abort);
            // Calendars: only a webhook that has some pays for the check.
            if (outcome is null && HolidayCheck.Applies(webhook!, claim))
            {
                var verdict = await RetryUntilDoneAsync(ct => holidays.CheckAsync(webhook!, claim, clock.GetUtcNow(), ct), "check the webhook's calendars", claim, abort);
                if (verdict.MoveTo is { } moveTo)
                {
                    var moved = await RetryUntilDoneAsync(ct => holidays.MoveAsync(node, claim, moveTo, ct), "move the occurrence to the next business day", claim, abort);
                    AttemptSpan.Released(span);
                    logger.LogInformation("Execution {ExecutionId} of webhook {WebhookId} falls on a day off; moved to {DueAt} ({Moved})", claim.Id, claim.WebhookId, moveTo, moved);
                    return;
                }
                outcome = verdict.Skip;
            }
            // Only a webhook with an overlap policy pays for its check (the webhook came with the batch).
            if (outcome is null && webhook!.OverlapPolicy != OverlapPolicy.Allow)
            {
                var (deferred, skip) = await RetryUntilDoneAsync(ct => overlap.CheckAsync(node, webhook, claim, ct), "check the overlap policy", claim, abort);
                if (deferred)
                {
                    AttemptSpan.Released(span);
                    logger.LogInformation("Execution {ExecutionId} waits for the webhook's earlier occurrence (overlapPolicy bufferOne)", claim.Id);
                    return;
                }
                outcome = skip;
            }
            outcome ??= await SendAsync(webhook!, claim, abort);
            if (webhook is { CallbackUrl: not null } or { FailureCallbackUrl: not null })
                outcome = outcome with { Callbacks = CallbackTargetsOf.For(webhook, outcome.Status) };
            var written = await RetryUntilDoneAsync(ct => outcomes.WriteAsync(node, claim, outcome, ct), "record the outcome", claim, abort);
            if (written)
                RecordMetrics(claim, outcome);
            AttemptSpan.Finish(span, outcome, written);
            LogOutcome(claim, outcome, written);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            AttemptSpan.Released(span);
            await ReleaseAsync(node, claim);
        }
    }

    /// <summary>
    /// The one line per attempt outcome, success included, written inside the attempt's span so it carries
    /// its trace id. Ids, numbers and the error kind only: never the URL, a header, a body or an error text.
    /// </summary>
    private void LogOutcome(ClaimedAttempt claim, AttemptOutcome outcome, bool written)
    {
        if (written)
            logger.LogInformation(
                "Delivery {Outcome}: webhook {WebhookId} execution {ExecutionId} attempt {Attempt}, {DurationMs} ms, status code {ResponseCode}, error {ErrorKind}",
                AttemptSpan.OutcomeLabel(outcome.Status), claim.WebhookId, claim.Id, claim.AttemptNumber, outcome.DurationMs, outcome.ResponseCode, outcome.ErrorKind);
        else
            logger.LogWarning(
                "Delivery lease lost: webhook {WebhookId} execution {ExecutionId} attempt {Attempt}; its outcome ({Outcome}) was not written, the newer claim's outcome stands",
                claim.WebhookId, claim.Id, claim.AttemptNumber, AttemptSpan.OutcomeLabel(outcome.Status));
    }

    private void RecordMetrics(ClaimedAttempt claim, AttemptOutcome outcome)
    {
        // Late against the occurrence for a first attempt (clock and queue delay), against the due time for a retry.
        // A backfill is a past occurrence sent on request: meant for when it was queued.
        var meantFor = claim.AttemptNumber == 1 && claim.Trigger != ExecutionTrigger.Backfill ? claim.ScheduledFor : claim.DueAt;
        metrics.DeliveryFinished(AttemptSpan.OutcomeLabel(outcome.Status), outcome.ErrorKind,
            outcome.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            outcome.ExecutedAt is { } sent ? sent - meantFor : null);
    }

    /// <summary>The webhooks of a claimed batch, in one query.</summary>
    public Task<IReadOnlyDictionary<Guid, Webhook>> LoadWebhooksAsync(IReadOnlyCollection<ClaimedAttempt> claims, CancellationToken cancellationToken) =>
        webhooks.FindAllAsync(claims.Select(c => c.WebhookId).Distinct().ToList(), cancellationToken);

    private async Task<Webhook?> WebhookForAsync(ClaimedAttempt claim, Task<IReadOnlyDictionary<Guid, Webhook>> batch, CancellationToken abort)
    {
        try
        {
            return (await batch).GetValueOrDefault(claim.WebhookId);
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            logger.LogDebug(e, "Execution {ExecutionId}: the batch load of webhooks failed; loading its own", claim.Id);
            return await RetryUntilDoneAsync(ct => webhooks.FindAsync(claim.WebhookId, ct), "load the webhook", claim, abort);
        }
    }

    /// <summary>Why the attempt must not be sent, if it must not.</summary>
    private static AttemptOutcome? SkipIfNotSendable(Webhook? webhook, ClaimedAttempt claim)
    {
        if (webhook is null)
            return AttemptOutcome.Skipped(DeliveryErrorKinds.WebhookDeleted, "The webhook was deleted before this attempt was due.");
        if (webhook.IsPausedByOwner())
            return AttemptOutcome.Skipped(DeliveryErrorKinds.Paused, PausedReason.For(webhook.PauseNote, webhook.PausedUntil));
        if (!webhook.IsActive)
            return AttemptOutcome.Skipped(DeliveryErrorKinds.WebhookCancelled, "The webhook was cancelled before this attempt was due.");
        if (claim.OwnerDisabled)
            return AttemptOutcome.Skipped(DeliveryErrorKinds.OwnerDisabled, "The webhook's owner was disabled by an administrator; this attempt was not sent.");
        if (claim.OverQuota)
            return AttemptOutcome.Skipped(DeliveryErrorKinds.QuotaExceeded,
                "The account's attempts per minute (Quotas:AttemptsPerOwnerPerMinute, or Quotas:AttemptsPerHostPerMinute to this host) were used up for longer than Quotas:MaxQuotaDelay; this attempt was not sent.");
        // The window limits the schedule's occurrences (the clock enqueues none outside it); it is checked
        // again because it may have changed since. A run-now is outside the schedule, so it is not checked.
        if (claim.Trigger != ExecutionTrigger.Manual &&
            ((webhook.StartsAt is { } starts && claim.ScheduledFor < starts) || (webhook.EndsAt is { } ends && claim.ScheduledFor > ends)))
            return AttemptOutcome.Skipped(DeliveryErrorKinds.OutsideWindow, "The occurrence is outside the webhook's startsAt/endsAt window.");
        return null;
    }

    /// <summary>
    /// A scheduled occurrence the owner asked to skip (skipNext): only then a query, to take one of the count.
    /// Run-nows, redeliveries, backfills and retries are not the schedule's next occurrences.
    /// </summary>
    private async ValueTask<AttemptOutcome?> SkipOnRequestAsync(Webhook webhook, ClaimedAttempt claim, CancellationToken abort)
    {
        if (webhook.SkipNext <= 0 || claim.AttemptNumber != 1 || claim.Trigger != ExecutionTrigger.Schedule)
            return null;
        var left = await RetryUntilDoneAsync(ct => skips.TakeAsync(webhook.Id, ct), "take a skipped occurrence", claim, abort);
        return left is { } n
            ? AttemptOutcome.Skipped(DeliveryErrorKinds.Paused, $"Skipped on its owner's request (skip); {n} more to skip.")
            : null;
    }

    private async Task<AttemptOutcome> SendAsync(Webhook webhook, ClaimedAttempt claim, CancellationToken abort)
    {
        var sentAt = clock.GetUtcNow();
        DeliveryResult result;
        SentRequest? sent = null;
        try
        {
            using var request = requests.Create(webhook, claim.ScheduledFor, sentAt);
            sent = request.Sent;
            result = await sender.SendAsync(request.Message, claim.Timeout, abort);
        }
        catch (CryptographicException e)
        {
            // The key is missing from Secrets:Keys or a stored value was altered. The message names no secret;
            // the webhook itself is never logged, it holds the encrypted values.
            result = DeliveryResult.NotSent(DeliveryErrorKinds.SecretUnreadable, e.Message);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or InvalidOperationException)
        {
            // A webhook that cannot even be turned into a request (validation should have stopped it).
            result = DeliveryResult.NotSent(DeliveryErrorKinds.InvalidRequest, e.Message);
        }

        result = SuccessJudgement.Judge(result, webhook.SuccessCriteria);
        var (status, delay, note) = RetryDecision.Decide(webhook, claim, result, clock.GetUtcNow());
        if (note is not null)
            result = result with { ErrorMessage = Execution.CutErrorMessage($"{result.ErrorMessage} {note}") };
        return AttemptOutcome.Attempted(status, sentAt, result, delay, sent);
    }

    /// <summary>Runs a database step until it succeeds; gives up only when <paramref name="abort"/> fires.</summary>
    private async Task<T> RetryUntilDoneAsync<T>(Func<CancellationToken, Task<T>> step, string what, ClaimedAttempt claim, CancellationToken abort)
    {
        var backoff = thisNode.NewDatabaseBackoff();
        while (true)
        {
            try
            {
                return await step(abort);
            }
            catch (Exception e) when (e is not OperationCanceledException && !abort.IsCancellationRequested)
            {
                var wait = backoff.Next();
                logger.LogWarning(e, "Execution {ExecutionId}: could not {What}; trying again in {Wait}", claim.Id, what, wait);
                await Task.Delay(wait, clock, abort);
            }
        }
    }

    /// <summary>Gives an attempt back to the queue (never throws): it will be sent again, with the same webhook-id.</summary>
    public async Task ReleaseAsync(string node, ClaimedAttempt claim)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), clock);
            await queue.ReleaseAsync(node, claim, timeout.Token);
            logger.LogInformation("Execution {ExecutionId} given back to the queue unsent; it will be sent with the same webhook-id", claim.Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Execution {ExecutionId} could not be released; it is claimable again when its lease expires", claim.Id);
        }
    }
}
