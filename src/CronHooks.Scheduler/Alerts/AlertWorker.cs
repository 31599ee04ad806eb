using CronHooks.Domain.Alerts;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Observability;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Scheduler.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// A scheduler node's alert loop: claim due alerts (any node's), send them, write each result under its
/// lease; sleep until this node queues an alert, the next retry is due or a lease runs out. An alert
/// never touches its webhook: a failing alert URL only ever fails the alert.
/// </summary>
public sealed class AlertWorker(
    AlertQueueSql queue,
    AlertSender sender,
    AlertSignal signal,
    IServiceScopeFactory scopes,
    DeliveryNode node,
    TimeProvider clock,
    IOptions<AlertOptions> options,
    IOptions<DeliveryOptions> delivery,
    ILogger<AlertWorker> logger,
    SchedulerMetrics? metrics = null) : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new Backoff(delivery.Value.MaxDatabaseBackoff);
        var nextRetention = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (clock.GetUtcNow() >= nextRetention)
                {
                    await queue.DeleteFinishedAsync(TimeSpan.FromDays(settings.RetentionDays), settings.RetentionBatchSize, stoppingToken);
                    nextRetention = clock.GetUtcNow() + settings.RetentionInterval;
                }
                wait = await ClaimAndSendAsync(settings, stoppingToken);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                wait = backoff.Next();
                logger.LogWarning(e, "Alert worker on node {Node} could not reach the queue; trying again in {Wait}", node.Id, wait);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<TimeSpan> ClaimAndSendAsync(AlertOptions settings, CancellationToken stoppingToken)
    {
        // Not cancelled by shutdown: claimed alerts are sent (each send is bounded by Alerts:Timeout) and
        // recorded, rather than left to wait for their leases to run out.
        var claimed = await queue.ClaimAsync(node.Id, settings.MaxConcurrency, settings.Timeout + settings.LeaseMargin, CancellationToken.None);
        await Task.WhenAll(claimed.Select(SendAsync));
        if (claimed.Count == settings.MaxConcurrency)
            return TimeSpan.Zero;

        var next = await queue.TimeUntilNextAsync(stoppingToken);
        var wait = next is { } until && until < settings.PollInterval ? until : settings.PollInterval;
        return wait < MinimumWait ? MinimumWait : wait;
    }

    private async Task SendAsync(ClaimedAlert alert)
    {
        try
        {
            var webhook = await LoadWebhookAsync(alert.WebhookId);
            var outcome = await sender.SendAsync(alert, webhook, CancellationToken.None);
            var written = await RecordAsync(alert, outcome);
            if (!written)
            {
                logger.LogWarning("Alert {AlertId}: the lease was lost before its result ({Status}) was written", alert.Id, outcome.Status);
                return;
            }
            metrics?.AlertFinished(alert.Kind, outcome.Status switch
            {
                AlertStatus.Sent => "sent",
                AlertStatus.Pending => "retrying",
                AlertStatus.Dropped => "dropped",
                _ => "failed",
            });
            if (outcome.Status == AlertStatus.Sent)
                logger.LogInformation("Alert {AlertId} ({Kind}) for webhook {WebhookId} sent", alert.Id, alert.Kind, alert.WebhookId);
            else
                logger.LogWarning("Alert {AlertId} ({Kind}) for webhook {WebhookId}, send {Attempts}: {Status} {ErrorKind} {ResponseCode}",
                    alert.Id, alert.Kind, alert.WebhookId, alert.Attempts, outcome.Status, outcome.ErrorKind, outcome.ResponseCode);
        }
        catch (Exception e)
        {
            // The lease runs out and the alert is sent again (same webhook-id): at least once, never dropped.
            logger.LogError(e, "Alert {AlertId} failed unexpectedly; it is sent again when its lease expires", alert.Id);
        }
    }

    private async Task<Webhook?> LoadWebhookAsync(Guid webhookId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        return await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == webhookId);
    }

    /// <summary>Writes the result, trying again while the database is away and the lease may still hold.</summary>
    private async Task<bool> RecordAsync(ClaimedAlert alert, AlertOutcome outcome)
    {
        var settings = options.Value;
        var backoff = new Backoff(delivery.Value.MaxDatabaseBackoff);
        var giveUp = clock.GetUtcNow() + settings.LeaseMargin;
        while (true)
        {
            try
            {
                return await queue.RecordAsync(alert, outcome, CancellationToken.None);
            }
            catch (Exception e) when (clock.GetUtcNow() < giveUp)
            {
                var wait = backoff.Next();
                logger.LogWarning(e, "Alert {AlertId}: could not record its result; trying again in {Wait}", alert.Id, wait);
                await Task.Delay(wait, clock);
            }
        }
    }
}
