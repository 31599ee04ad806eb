namespace CronHooks.Domain.Webhooks;

/// <summary>What a recurring webhook does with occurrences missed while no scheduler node was running.</summary>
public enum MissedRunPolicy
{
    /// <summary>One attempt stands for all missed occurrences.</summary>
    RunOnce,

    /// <summary>Missed occurrences are dropped; only on-time ones are delivered.</summary>
    Skip,

    /// <summary>Every missed occurrence within the catch-up window runs, oldest first, each as its own occurrence.</summary>
    All,
}
