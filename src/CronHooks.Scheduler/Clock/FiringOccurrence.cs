using System.Globalization;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Which occurrence a firing stands for. Executions are keyed by (webhook, occurrence, attempt), so this
/// instant must be the same however the firing happened — on time, late after a misfire, or re-run by
/// another node after the first one died — or a repeated firing would enqueue a duplicate.
/// </summary>
internal static class FiringOccurrence
{
    // Widening windows to find the latest occurrence at or before an instant without walking years of a
    // minutely schedule: the first window that holds one wins. The last covers Feb 29 eight years apart.
    private static readonly TimeSpan[] LookBacks =
    [
        TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(63),
        TimeSpan.FromDays(400), TimeSpan.FromDays(9 * 366),
    ];

    /// <summary>
    /// The instant Quartz meant to fire at. A recovered firing's own scheduled time is the dead node's
    /// actual fire time, so the original is taken from the data Quartz attaches for recovery.
    /// </summary>
    public static DateTimeOffset IntendedFireTime(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.TryGetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
            && DateTimeOffset.TryParse(original, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }
        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    /// <summary>
    /// Whether <paramref name="occurrence"/>, enqueued at <paramref name="now"/>, is on time: late by no more than the
    /// misfire threshold. Only on-time occurrences reach <c>Skip</c> webhooks, whichever path enqueues them.
    /// </summary>
    public static bool IsOnTime(DateTimeOffset occurrence, DateTimeOffset now, TimeSpan misfireThreshold) =>
        now - occurrence <= misfireThreshold;

    /// <summary>
    /// The latest occurrence of <paramref name="schedule"/> at or before <paramref name="intended"/>: the
    /// occurrence itself when on time, the last missed one after a misfire (Quartz then reports "now"),
    /// and the original occurrence for a recovery (whose time Quartz keeps only to the second).
    /// </summary>
    public static DateTimeOffset? LatestCronOccurrence(CronExpression schedule, DateTimeOffset intended)
    {
        foreach (var lookBack in LookBacks)
        {
            DateTimeOffset? latest = null;
            var cursor = intended - lookBack;
            while (schedule.GetNextValidTimeAfter(cursor) is { } next && next <= intended)
            {
                latest = next;
                cursor = next;
            }
            if (latest is not null)
                return latest;
        }
        return null;
    }
}
