using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CronHooks.Baseline;

/// <summary>
/// The Quartz set-up every command shares: a clustered ADO store on PostgreSQL with Quartz's defaults
/// (idle wait, batch size, misfire threshold and policy, check-in interval). Leaving them alone is the point:
/// this is what a user gets from the documentation's clustered example.
/// </summary>
internal static class BaselineQuartz
{
    /// <summary>Nodes with the same scheduler name on the same tables form one cluster.</summary>
    public const string SchedulerName = "CronHooksBaseline";

    public const string TablePrefix = "qrtz_";

    public const string JobGroup = "baseline";

    /// <summary>JobDataMap key holding the URL a job calls.</summary>
    public const string UrlKey = "url";

    public const int DefaultThreads = 10;

    // instanceId is the node's name; null lets Quartz generate one (for the scheduling CLI, which never fires).
    public static IServiceCollection AddBaselineQuartz(this IServiceCollection services, string connectionString, string? instanceId, int threads)
    {
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                if (instanceId is null)
                    o.GenerateInstanceId = true;
                else
                    o.InstanceId = instanceId;
            });
            q.UseDefaultThreadPool(threads);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(_ => { });
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.TablePrefix = TablePrefix);
            });
        });
        return services;
    }
}
