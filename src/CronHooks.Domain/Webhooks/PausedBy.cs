namespace CronHooks.Domain.Webhooks;

/// <summary>Who paused a webhook with a note.</summary>
public enum PausedBy
{
    /// <summary>The webhook's owner.</summary>
    Owner,

    /// <summary>An administrator of the installation; only an administrator resumes it.</summary>
    Admin,
}
