namespace CronHooks.Domain.Executions;

/// <summary>What caused an attempt.</summary>
public enum ExecutionTrigger
{
    Schedule,
    Retry,
    Manual,
}
