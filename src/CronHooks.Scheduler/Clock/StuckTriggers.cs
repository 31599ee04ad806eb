using Npgsql;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Schedule triggers Quartz keeps but will never fire: in ERROR (its job could not run) or PAUSED (paused by
/// hand, or stored into a paused group). The reconcile matches triggers by name, so without this they would
/// look healthy and stay dead.
/// </summary>
internal static class StuckTriggers
{
    private static readonly string StuckSql = $"""
        SELECT trigger_name, trigger_state FROM {Infrastructure.Persistence.QuartzSchema.TablePrefix}triggers
        WHERE sched_name = @scheduler AND trigger_group = @group AND trigger_state IN ('ERROR', 'PAUSED', 'PAUSED_BLOCKED')
        """;

    /// <summary>Puts the stuck triggers back to waiting; returns how many there were.</summary>
    public static async Task<int> RepairAsync(IScheduler scheduler, NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        // A paused group would store every new trigger paused too.
        if ((await scheduler.GetPausedTriggerGroups(cancellationToken)).Contains(ScheduleTriggers.Group))
        {
            await scheduler.ResumeTriggerGroups(GroupMatcher<TriggerKey>.GroupEquals(ScheduleTriggers.Group), cancellationToken);
            logger.LogWarning("The schedule triggers' group was paused; resumed it");
        }

        var stuck = new List<(string Key, string State)>();
        await using (var command = dataSource.CreateCommand(StuckSql))
        {
            command.Parameters.AddWithValue("scheduler", scheduler.SchedulerName);
            command.Parameters.AddWithValue("group", ScheduleTriggers.Group);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stuck.Add((reader.GetString(0), reader.GetString(1)));
        }

        var errored = stuck.Where(t => t.State == "ERROR").Select(t => ScheduleTriggers.KeyFor(t.Key)).ToArray();
        var paused = stuck.Where(t => t.State != "ERROR").Select(t => ScheduleTriggers.KeyFor(t.Key)).ToArray();
        if (errored.Length > 0)
            await scheduler.ResetTriggersFromErrorState(errored, cancellationToken);
        if (paused.Length > 0)
            await scheduler.ResumeTriggers(paused, cancellationToken);
        foreach (var (key, state) in stuck)
            logger.LogWarning("Schedule {ScheduleKey}: its trigger was {State} and would never fire; set waiting again", key, state);
        return stuck.Count;
    }
}
