using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Scheduler.Common;
using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Pausing;

/// <summary>
/// Every <see cref="PauseSweepOptions.Interval"/> on every node: records the occurrences that came due for owner-paused
/// webhooks (their clock trigger is off while paused) skipped with kind <c>paused</c>, so a pause never passes in
/// silence; then resumes the webhooks whose pausedUntil has come.
/// Several nodes may sweep at once: see <see cref="PausedWebhooks"/>.
/// </summary>
public sealed class PauseSweep(
    PausedWebhooks paused, IScheduleCalculator schedules, TimeProvider clock, IOptions<PauseSweepOptions> options,
    SchedulerNode node, ILogger<PauseSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = node.NewDatabaseBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = settings.Interval;
            try
            {
                await SweepAsync(settings, stoppingToken);
                backoff.Reset();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                wait = backoff.Next();
                logger.LogWarning(e, "The pause sweep on node {Node} failed; trying again in {Wait}", node.Id, wait);
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One sweep: record, then resume (so the occurrences up to pausedUntil are recorded first).</summary>
    public async Task SweepAsync(PauseSweepOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var webhook in await paused.ListAsync(now, cancellationToken))
        {
            // Up to the resume time when it has come: from then on the clock's own trigger takes over.
            var end = webhook.PausedUntil is { } until && until < now ? until : now;
            var occurrences = Due(webhook, end, settings.MaxOccurrencesPerWebhook);
            // Never move the mark past what was recorded when a sweep's cap cut the list short.
            var through = occurrences.Count == settings.MaxOccurrencesPerWebhook ? occurrences[^1] : end;
            if (through <= webhook.RecordedThrough)
                continue;
            var recorded = await paused.RecordAsync(webhook, webhook.RecordedThrough, through, occurrences,
                PausedReason.For(webhook.Note, webhook.PausedUntil), now, cancellationToken);
            if (recorded > 0)
                logger.LogInformation("Webhook {WebhookId} is paused: {Count} occurrences recorded skipped", webhook.Id, recorded);
        }

        var resumed = await paused.ResumeDueAsync(now, cancellationToken);
        if (resumed > 0)
            logger.LogInformation("{Count} paused webhooks resumed at their pausedUntil", resumed);
    }

    private List<DateTimeOffset> Due(PausedWebhook webhook, DateTimeOffset end, int max)
    {
        if (webhook.ScheduleType == ScheduleType.Once)
            return webhook.ScheduledAt is { } at && at > webhook.RecordedThrough && at <= end ? [at] : [];
        return schedules.Occurrences(webhook.CronExpression!, TimeZones.Find(webhook.TimeZone), webhook.RecordedThrough, max,
                webhook.StartsAt, webhook.EndsAt)
            .Where(o => o <= end)
            .Select(o => o.ToUniversalTime())
            .ToList();
    }
}
