using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>
/// Brings the Quartz triggers of a batch of schedule keys in line with what they should be, in three
/// Quartz calls (one read, one removal, one store) rather than one or more per key. The caller holds the
/// keys' locks, so nothing else creates or removes these triggers while the batch is decided.
/// </summary>
internal static class TriggerBatch
{
    /// <summary>
    /// Removes the triggers of <paramref name="keys"/> absent from <paramref name="wanted"/>, which holds the
    /// trigger each key that still needs one should have, and stores those of <paramref name="wanted"/> Quartz lacks.
    /// </summary>
    /// <returns>The keys whose triggers were stored and those whose triggers were removed.</returns>
    public static async Task<(IReadOnlyCollection<string> Stored, IReadOnlyCollection<string> Removed)> ApplyAsync(
        IScheduler scheduler, IReadOnlyCollection<string> keys, IReadOnlyDictionary<string, ITrigger> wanted, ILogger logger,
        CancellationToken cancellationToken)
    {
        var stored = (await scheduler.GetTriggers(keys.Select(ScheduleTriggers.KeyFor).ToArray(), cancellationToken))
            .ToDictionary(t => t.Key.Name, StringComparer.Ordinal);

        var remove = stored.Keys.Where(key => !wanted.ContainsKey(key)).Select(ScheduleTriggers.KeyFor).ToArray();
        // What TriggerConflict.Keep decides, for the whole batch: a pending trigger (one with a fire time ahead)
        // is left alone, since replacing it recomputes its next fire time and could skip an occurrence due right
        // now; an absent one, a one-shot whose firing has begun, or a recurring one stored with another lead (or none), is stored.
        var store = wanted.Where(w => !stored.TryGetValue(w.Key, out var existing) || existing.NextFireTimeUtc is null
                || (w.Value is ICronTrigger && ScheduleTriggers.LeadOf(existing) != ScheduleTriggers.LeadOf(w.Value)))
            .Select(w => w.Value).ToArray();

        if (remove.Length > 0)
        {
            foreach (var removed in await scheduler.UnscheduleJobs(remove, cancellationToken))
                logger.LogInformation("Schedule {ScheduleKey} has no webhook left that is still due: trigger removed", removed.Name);
        }
        if (store.Length > 0)
        {
            // Replacing is safe here: a stored trigger in this set is one Keep would replace too. The job is
            // stored again with them (the same durable job), which is what a batch store asks for.
            await scheduler.ScheduleJobs(
                new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [ScheduleTriggers.Job()] = store },
                ScheduleJobOptions.Replacing, cancellationToken);
            foreach (var trigger in store)
                logger.LogDebug("Schedule {ScheduleKey}: stored, next fire {Next:O}", trigger.Key.Name, trigger.NextFireTimeUtc);
        }
        logger.LogDebug("Schedule batch of {Keys} keys: {Stored} triggers stored, {Removed} removed, {Kept} kept",
            keys.Count, store.Length, remove.Length, wanted.Count - store.Length);
        return (store.Select(t => t.Key.Name).ToArray(), remove.Select(k => k.Name).ToArray());
    }
}
