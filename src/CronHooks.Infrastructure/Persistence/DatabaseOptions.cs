namespace CronHooks.Infrastructure.Persistence;

/// <summary>Database settings (section <c>Database</c>); the connection string is <c>ConnectionStrings:CronHooks</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "CronHooks";

    /// <summary>Apply pending migrations when the process starts, instead of refusing to start.</summary>
    public bool MigrateOnStartup { get; set; }
}
