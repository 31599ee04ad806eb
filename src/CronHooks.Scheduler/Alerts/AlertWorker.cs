using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Alerts;
using CronHooks.Infrastructure.Observability;
using CronHooks.Scheduler.Common;
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
    IWebhookReader webhooks,
    SchedulerNode node,
    WorkerLoop loop,
    TimeProvider clock,
    IOptions<AlertOptions> options,
    SchedulerMetrics metrics,
    ILogger<AlertWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(20);

    private DateTimeOffset nextRetention = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        loop.RunAsync("Alerts", ct => DeleteOldAndSendAsync(options.Value, ct), signal, stoppingToken);

    /// <summary>One look at the queue (and, every Alerts:RetentionInterval, retention). Returns how long the loop may sleep before the next.</summary>
    private async Task<TimeSpan> DeleteOldAndSendAsync(AlertOptions settings, CancellationToken stoppingToken)
    {
        if (clock.GetUtcNow() >= nextRetention)
        {
            await queue.DeleteFinishedAsync(TimeSpan.FromDays(settings.RetentionDays), settings.RetentionBatchSize, stoppingToken);
            nextRetention = clock.GetUtcNow() + settings.RetentionInterval;
        }
        return await ClaimAndSendAsync(settings, stoppingToken);
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
            var webhook = await webhooks.FindAsync(alert.WebhookId, CancellationToken.None);
            var outcome = await sender.SendAsync(alert, webhook, CancellationToken.None);
            var written = await RecordAsync(alert, outcome);
            if (!written)
            {
                logger.LogWarning("Alert {AlertId}: the lease was lost before its result ({Status}) was written", alert.Id, outcome.Status);
                return;
            }
            metrics.AlertFinished(alert.Kind, outcome.Status switch
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

    /// <summary>Writes the result, trying again while the database is away and the lease may still hold.</summary>
    private async Task<bool> RecordAsync(ClaimedAlert alert, AlertOutcome outcome)
    {
        var settings = options.Value;
        var backoff = node.NewDatabaseBackoff();
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
