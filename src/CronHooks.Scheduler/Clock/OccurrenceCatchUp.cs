using CronHooks.Domain.Scheduling;
using CronHooks.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using TimeZones = CronHooks.Domain.Scheduling.TimeZones;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Enqueues occurrences Quartz fired whose enqueue never landed: the database was away until the node stopped, or an
/// error outlasted the firing's retries. Quartz has moved such a trigger on, so nothing would fire them again. Per
/// recurring schedule it takes the most recent occurrence Quartz has fired, and enqueues it if it is newer than the
/// schedule's watermark and older than the misfire threshold (younger ones are still the firing's to enqueue). Being
/// late, it reaches <c>RunOnce</c> webhooks that existed at the occurrence, never <c>Skip</c> ones: one attempt
/// stands for what was missed, as after any outage. On a node <paramref name="clock"/> is the database's, which all share.
/// </summary>
internal sealed class OccurrenceCatchUp(
    NpgsqlDataSource dataSource, DueWebhookEnqueuer enqueuer, MissedOccurrences missedOccurrences, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<OccurrenceCatchUp> logger)
{
    // Quartz keeps instants as .NET ticks; the watermark is compared in the same unit, so only schedules Quartz has fired
    // past their watermark are read (in steady state the last firing's occurrence is the watermark itself).
    private static readonly string CandidatesSql = $"""
        SELECT m.schedule_key, n.cron_expression, n.time_zone, m.enqueued_through, t.prev_fire_time, n.interval_seconds, n.anchor
        FROM schedule_watermarks m
        JOIN {QuartzSchema.TablePrefix}triggers t
          ON t.sched_name = @scheduler AND t.trigger_group = @group AND t.trigger_name = m.schedule_key
        CROSS JOIN LATERAL (
            SELECT w.cron_expression, w.time_zone, w.interval_seconds, w.anchor FROM webhooks w
            WHERE w.schedule_key = m.schedule_key AND w.is_active AND (w.cron_expression IS NOT NULL OR w.interval_seconds IS NOT NULL) LIMIT 1) AS n
        WHERE t.prev_fire_time + @lead_ticks > {DateTimeOffset.UnixEpoch.UtcTicks} + (extract(epoch FROM m.enqueued_through) * 10000000)::bigint
        """;

    /// <summary>Looks at every recurring schedule once and enqueues what is missing.</summary>
    /// <returns>How many schedules had an occurrence to catch up.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<(string Key, Schedule Schedule, DateTimeOffset Watermark, DateTimeOffset LastFiredFor)>();
        await using (var command = dataSource.CreateCommand(CandidatesSql))
        {
            command.Parameters.AddWithValue("scheduler", ClockServices.SchedulerName);
            command.Parameters.AddWithValue("group", ScheduleTriggers.Group);
            command.Parameters.AddWithValue("lead_ticks", options.Value.CronLead.Ticks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // A firing stands for the occurrence its lead ahead.
                var schedule = reader.IsDBNull(5)
                    ? new Schedule(reader.GetString(1), reader.GetString(2), null)
                    : new Schedule(null, null, new IntervalSchedule(reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
                candidates.Add((reader.GetString(0), schedule, reader.GetFieldValue<DateTimeOffset>(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero) + options.Value.CronLead));
            }
        }

        var caughtUp = 0;
        foreach (var (key, schedule, watermark, lastFiredFor) in candidates)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (Missed(schedule, watermark, lastFiredFor, now) is not { } missed)
                    continue;
                var onTime = FiringOccurrence.IsOnTime(missed, now, options.Value.MisfireThreshold);
                var (enqueued, before) = await enqueuer.CatchUpAsync(key, missed, onTime, now, cancellationToken);
                await missedOccurrences.AccountAsync(key, schedule.NextAfter, missed, before, onTime, now, cancellationToken);
                caughtUp++;
                logger.LogWarning("Schedule {ScheduleKey} occurrence {Occurrence:O} fired but was never enqueued: {Count} attempts enqueued now{Late}",
                    key, missed, enqueued, onTime ? "" : " (late: catch-up windows and missedRunPolicy applied)");
            }
            catch (Exception e) when (e is not OperationCanceledException && !TransientDatabaseError.Is(e))
            {
                // One schedule that cannot be caught up must not hold up the others; the next pass tries it again. A
                // database out of reach ends the pass instead: the sync loop backs off and runs it again.
                logger.LogError(e, "Catching up schedule {ScheduleKey} failed", key);
            }
        }
        return caughtUp;
    }

    /// <summary>
    /// The occurrence to catch up, or null: the latest at or before both what Quartz last fired for and the misfire
    /// threshold ago, when it is newer than the watermark.
    /// </summary>
    private DateTimeOffset? Missed(Schedule schedule, DateTimeOffset watermark, DateTimeOffset lastFiredFor, DateTimeOffset now)
    {
        var settled = now - options.Value.MisfireThreshold;
        var upTo = lastFiredFor < settled ? lastFiredFor : settled;
        var latest = schedule.Interval is { } interval
            ? interval.LatestAtOrBefore(upTo)
            : FiringOccurrence.LatestCronOccurrence(schedule.Expression!, upTo);
        return latest > watermark ? latest : null;
    }

    // A recurring schedule: a cron expression in a zone, or an interval.
    private sealed record Schedule(string? Cron, string? TimeZone, IntervalSchedule? Interval)
    {
        public CronExpression? Expression { get; } =
            Cron is null ? null : CronExpression.Parse(Cron, CronFormat.Unix).WithTimeZone(TimeZones.Find(TimeZone!));

        public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
            Interval is { } interval ? interval.NextAfter(instant) : Expression!.GetNextValidTimeAfter(instant);
    }
}
