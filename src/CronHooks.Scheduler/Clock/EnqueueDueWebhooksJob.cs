using System.Diagnostics;
using CronHooks.Infrastructure.Observability;
using CronHooks.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Quartz;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// What every schedule trigger runs: work out which occurrence this firing stands for and enqueue it for
/// every active webhook on the schedule. Quartz decides when; the queue decides how.
/// </summary>
internal sealed class EnqueueDueWebhooksJob(
    DueWebhookEnqueuer enqueuer,
    IOptions<ClockOptions> options,
    SchedulerMetrics metrics,
    TimeProvider clock,
    ILogger<EnqueueDueWebhooksJob> logger) : IJob
{
    // Longer together than a lock timeout plus the idle-in-transaction limit: a frozen node's locks are gone by then.
    private static readonly TimeSpan[] RetryDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var scheduleKey = context.Recovering && context.RecoveringTriggerKey is { } original ? original.Name : context.Trigger.Key.Name;
        // A span per firing, so the enqueue statement's database span has a trace to belong to (root-less
        // database spans from background polling are dropped, see DependencyInjection).
        using var span = TelemetryServices.ActivitySource.StartActivity("schedule.enqueue");
        span?.SetTag("cronhooks.schedule.key", scheduleKey);
        // A brief database outage or a lock timeout should not cost an occurrence: Quartz would not run this firing again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await EnqueueAsync(scheduleKey, FiringOccurrence.IntendedFireTime(context), cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < RetryDelays.Length && TransientDatabaseError.Is(e))
            {
                logger.LogWarning(e, "Enqueueing schedule {ScheduleKey} failed; retrying", scheduleKey);
                await Task.Delay(RetryDelays[attempt], clock, cancellationToken);
            }
        }
    }

    private async Task EnqueueAsync(string scheduleKey, DateTimeOffset intended, CancellationToken cancellationToken)
    {
        DateTimeOffset occurrence;
        if (ScheduleTriggers.OnceInstant(scheduleKey) is { } instant)
        {
            occurrence = instant;
        }
        else
        {
            if (await enqueuer.CronScheduleAsync(scheduleKey, cancellationToken) is not { } schedule)
                return; // the last webhook left the schedule; the outbox removes the trigger
            var expression = CronExpression.Parse(schedule.CronExpression, CronFormat.Unix).WithTimeZone(TimeZones.Find(schedule.TimeZone));
            if (FiringOccurrence.LatestCronOccurrence(expression, intended) is not { } latest)
                return;
            occurrence = latest;
        }

        var now = clock.GetUtcNow();
        var onTime = now - occurrence <= options.Value.MisfireThreshold;
        if (!onTime)
            metrics.Misfired();
        var enqueued = await enqueuer.EnqueueAsync(scheduleKey, occurrence, onTime, now, cancellationToken);
        Activity.Current?.SetTag("cronhooks.occurrence", occurrence.ToString("O"));
        Activity.Current?.SetTag("cronhooks.enqueued", enqueued);
        logger.LogInformation("Schedule {ScheduleKey} occurrence {Occurrence:O}: {Count} attempts enqueued{Late}",
            scheduleKey, occurrence, enqueued, onTime ? "" : " (late: skip webhooks left out)");
    }
}
