using System.Data.Common;
using CronHooks.Infrastructure;
using CronHooks.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace CronHooks.Scheduler.Clock;

/// <summary>The clock: clustered Quartz decides when each schedule's occurrence is due and enqueues it.</summary>
internal static class ClockServices
{
    /// <summary>Every node uses this name: nodes with the same name on the same tables form one cluster.</summary>
    public const string SchedulerName = "CronHooks";

    public static IServiceCollection AddClock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Quartz is configured before the container exists, so read (and check) the same settings now.
        var settings = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        if (settings.Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(SchedulerOptions.Section, typeof(SchedulerOptions), problems);

        // Every 'when' on this node is the database's time (Quartz resolves its clock from the container); the
        // sync is registered before Quartz's hosted service, so the first firing is already on it.
        services.AddSingleton(_ => new DatabaseClock(TimeProvider.System));
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => sp.GetRequiredService<DatabaseClock>()));
        services.AddHostedService<DatabaseClockSync>();

        // Quartz takes its connections from a DbDataSource in the container: the one pool shared with EF Core.
        services.AddSingleton<DbDataSource>(sp => sp.GetRequiredService<NpgsqlDataSource>());
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                o.GenerateInstanceId = true;
                o.IdleWaitTime = settings.IdleWaitTime;
                o.MaxBatchSize = settings.BatchSize;
                // Our triggers state their own misfire instruction; a trigger that did not must still fire
                // when late (SmartPolicy), never be dropped as DoNothing would drop a late one-shot.
                o.DefaultMisfireHandling = DefaultMisfireHandling.SmartPolicy;
                o.DefaultTimeZone = TimeZoneInfo.Utc;
            });
            q.UseDefaultThreadPool(o => o.MaxConcurrency = settings.ThreadPoolSize);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(o => o.UseRegisteredDataSource = true);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = settings.CheckinInterval;
                    c.CheckinMisfireThreshold = settings.CheckinMisfireThreshold;
                });
                store.UseSystemTextJsonSerializer();
                // Recurring triggers fire a lead before each occurrence; the store needs their persistence to load them back.
                store.UseTriggerPersistenceDelegate<LeadCronTriggerPersistence>();
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = QuartzSchema.TablePrefix;
                    o.MisfireThreshold = settings.MisfireThreshold;
                    // The tables come from our EF migration; Quartz only checks that they are what it expects.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        services.AddSingleton<DueWebhookEnqueuer>();
        services.AddSingleton<MissedOccurrences>();
        services.AddSingleton<ScheduleSynchronizer>();
        services.AddSingleton<ScheduleReconciler>();
        services.AddSingleton<OccurrenceCatchUp>();
        services.AddSingleton<ClockReadiness>();
        services.AddHostedService<ScheduleSyncService>();
        services.AddHealthChecks().AddCheck<ClockHealthCheck>("clock", tags: [HealthTags.Ready]);
        return services;
    }
}
