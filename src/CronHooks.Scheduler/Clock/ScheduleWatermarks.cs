using Npgsql;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Per recurring schedule, the latest occurrence the clock has dealt with (<c>schedule_watermarks</c>). The enqueue
/// statement moves it; this keeps it in step with the schedule's trigger, so the catch-up never reaches back past
/// the moment a schedule (re)started.
/// </summary>
internal static class ScheduleWatermarks
{
    /// <summary>
    /// Starts the watermark of each recurring key in <paramref name="stored"/> at <paramref name="start"/> (its
    /// trigger's start: earlier occurrences were never its to fire) and forgets those of <paramref name="removed"/>,
    /// in the caller's transaction, under the keys' locks.
    /// </summary>
    public static async Task FollowTriggersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> stored, IReadOnlyCollection<string> removed,
        DateTimeOffset start, CancellationToken cancellationToken)
    {
        var started = stored.Where(key => ScheduleTriggers.OnceInstant(key) is null).ToArray();
        if (started.Length == 0 && removed.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            WITH forgotten AS (DELETE FROM schedule_watermarks WHERE schedule_key = ANY(@removed))
            INSERT INTO schedule_watermarks AS m (schedule_key, enqueued_through)
            SELECT key, @start FROM unnest(@started::text[]) AS key
            ON CONFLICT (schedule_key) DO UPDATE SET enqueued_through = greatest(m.enqueued_through, excluded.enqueued_through)
            """, connection, transaction);
        command.Parameters.AddWithValue("removed", removed.ToArray());
        command.Parameters.AddWithValue("started", started);
        command.Parameters.AddWithValue("start", start.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
