using System.Diagnostics;
using CronHooks.Infrastructure.Observability;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Scheduler.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// What every schedule trigger runs: work out which occurrence this firing stands for and enqueue it for
/// every active webhook on the schedule. Quartz decides when; the queue decides how.
/// </summary>
internal sealed class EnqueueDueWebhooksJob(
    DueWebhookEnqueuer enqueuer,
    MissedOccurrences missedOccurrences,
    NpgsqlDataSource dataSource,
    IHostApplicationLifetime lifetime,
    IOptions<SchedulerOptions> options,
    SchedulerMetrics metrics,
    TimeProvider clock,
    ILogger<EnqueueDueWebhooksJob> logger) : IJob
{
    // Short enough to land within seconds of the database's return, long enough not to hammer it while it fails over.
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    // An error the database will not outgrow by itself is left, after these, to the catch-up (the watermark did not
    // move): a firing holding a Quartz thread for ever would take the clock down one thread at a time.
    private const int NonTransientRetries = 4;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var scheduleKey = context.Recovering && context.RecoveringTriggerKey is { } original ? original.Name : context.Trigger.Key.Name;
        // A span per firing, so the enqueue statement's database span has a trace to belong to (root-less
        // database spans from background polling are dropped, see DependencyInjection).
        using var span = TelemetryServices.ActivitySource.StartActivity("schedule.enqueue");
        span?.SetTag("cronhooks.schedule.key", scheduleKey);
        var intended = FiringOccurrence.IntendedFireTime(context);
        // The trigger's own lead: a node may run with another setting until the reconcile replaces the trigger. A
        // recovered firing comes on Quartz's recovery trigger, which knows only the setting.
        var lead = context.Trigger switch
        {
            LeadCronTrigger withLead => withLead.Lead,
            ICronTrigger => TimeSpan.Zero,
            _ => options.Value.CronLead,
        };
        // Quartz will not run this firing again: a database outage is waited out until the node stops. A statement
        // under way is not cut short by the stop; only the waits between attempts are.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var backoff = new DatabaseBackoff(MaxRetryDelay);
        var firing = new Firing();
        for (var failures = 1; ; failures++)
        {
            try
            {
                await EnqueueAsync(scheduleKey, intended + lead, firing, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (!TransientDatabaseError.Is(e) && failures > NonTransientRetries)
                {
                    logger.LogError(e, "Enqueueing schedule {ScheduleKey} failed {Failures} times; left to the catch-up at the next reconcile",
                        scheduleKey, failures);
                    return;
                }
                logger.Log(TransientDatabaseError.Is(e) ? LogLevel.Warning : LogLevel.Error, e,
                    "Enqueueing schedule {ScheduleKey} failed ({Failures} in a row); retrying", scheduleKey, failures);
                // Fresh connections find the new primary; pooled ones to a demoted server would answer read-only again.
                if (TransientDatabaseError.IsReadOnly(e))
                    dataSource.Clear();
            }
            try
            {
                await Task.Delay(backoff.Next(), clock, stopping.Token);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogWarning("Node stopping: schedule {ScheduleKey} firing for {Intended:O} not enqueued; the catch-up will enqueue it", scheduleKey, intended);
                return;
            }
        }
    }

    // firedFor: the instant the firing stands for, its intended fire time plus the trigger's lead.
    private async Task EnqueueAsync(string scheduleKey, DateTimeOffset firedFor, Firing firing, CancellationToken cancellationToken)
    {
        // A retry after the enqueue committed only accounts for what was missed: the watermark has moved since.
        if (firing.Missed is { } pending)
        {
            await missedOccurrences.AccountAsync(scheduleKey, pending.Schedule, pending.Occurrence, pending.Watermark, pending.OnTime, clock.GetUtcNow(), cancellationToken);
            return;
        }
        DateTimeOffset occurrence;
        Func<DateTimeOffset, DateTimeOffset?>? nextAfter = null; // a recurring schedule's, for the missed-occurrence accounting
        var recurring = false;
        if (ScheduleTriggers.OnceInstant(scheduleKey) is { } instant)
        {
            occurrence = instant;
        }
        else if (Domain.Scheduling.ScheduleKey.IsInterval(scheduleKey))
        {
            if (await enqueuer.IntervalScheduleAsync(scheduleKey, cancellationToken) is not { } interval)
                return; // the last webhook left the schedule; the outbox removes the trigger
            if (interval.LatestAtOrBefore(firedFor) is not { } latest)
                return;
            occurrence = latest;
            recurring = true;
            nextAfter = instant => interval.NextAfter(instant);
        }
        else
        {
            if (await enqueuer.CronScheduleAsync(scheduleKey, cancellationToken) is not { } schedule)
                return; // the last webhook left the schedule; the outbox removes the trigger
            var expression = CronExpression.Parse(schedule.CronExpression, CronFormat.Unix).WithTimeZone(TimeZones.Find(schedule.TimeZone));
            if (FiringOccurrence.LatestCronOccurrence(expression, firedFor) is not { } latest)
                return;
            occurrence = latest;
            recurring = true;
            nextAfter = expression.GetNextValidTimeAfter;
        }

        // Judged at each attempt: an occurrence enqueued late after an outage is as stale for a skip webhook as a missed one.
        var now = clock.GetUtcNow();
        var onTime = FiringOccurrence.IsOnTime(occurrence, now, options.Value.MisfireThreshold);
        var (enqueued, watermark) = recurring
            ? await enqueuer.EnqueueRecurringAsync(scheduleKey, occurrence, onTime, now, cancellationToken)
            : await enqueuer.EnqueueAsync(scheduleKey, occurrence, onTime, now, cancellationToken);
        if (!onTime)
            metrics.Misfired();
        Activity.Current?.SetTag("cronhooks.occurrence", occurrence.ToString("O"));
        Activity.Current?.SetTag("cronhooks.enqueued", enqueued);
        logger.LogInformation("Schedule {ScheduleKey} occurrence {Occurrence:O}: {Count} attempts enqueued{Late}",
            scheduleKey, occurrence, enqueued, onTime ? "" : " (late: catch-up windows and missedRunPolicy applied)");
        if (nextAfter is not null)
        {
            firing.Missed = (nextAfter, occurrence, watermark, onTime);
            await missedOccurrences.AccountAsync(scheduleKey, nextAfter, occurrence, watermark, onTime, now, cancellationToken);
        }
    }

    // What a firing has done so far, across its retries.
    private sealed class Firing
    {
        public (Func<DateTimeOffset, DateTimeOffset?> Schedule, DateTimeOffset Occurrence, DateTimeOffset? Watermark, bool OnTime)? Missed { get; set; }
    }
}
