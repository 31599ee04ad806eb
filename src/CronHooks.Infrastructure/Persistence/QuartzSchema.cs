namespace CronHooks.Infrastructure.Persistence;

/// <summary>
/// Quartz's job-store tables, created from the DDL that the Quartz assembly itself embeds. The script in
/// Quartz's repository is older than 4.7.3 and fails its schema check; this one matches the store exactly.
/// </summary>
public static class QuartzSchema
{
    public const string Name = "quartz";

    /// <summary>Table prefix as Quartz wants it: schema-qualified.</summary>
    public const string TablePrefix = Name + ".qrtz_";

    private const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The DDL with our prefix filled in. Every statement is IF NOT EXISTS, so re-running it is harmless.</summary>
    public static string CreateScript()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Quartz assembly no longer embeds '{ResourceName}'.");
        using var reader = new StreamReader(stream);
        // {0} is the (schema-qualified) table prefix, {1} the bare prefix used in index names.
        return $"CREATE SCHEMA IF NOT EXISTS {Name};\n" +
               reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal);
    }
}
