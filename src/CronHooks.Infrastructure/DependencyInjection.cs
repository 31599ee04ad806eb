using System.Diagnostics;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure.Delivery.Security;
using CronHooks.Infrastructure.Identity;
using CronHooks.Infrastructure.Persistence;
using CronHooks.Infrastructure.Scheduling;
using CronHooks.Infrastructure.Secrets;
using CronHooks.Infrastructure.Stats;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CronHooks.Infrastructure;

/// <summary>Health-check tags: live checks only the process, ready checks its dependencies.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}

public static class DependencyInjection
{
    /// <summary>Database, clock, cron engine and password hashing: what both the API and scheduler nodes need.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set (e.g. the ConnectionStrings__CronHooks environment variable).");

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One data source (one connection pool) shared by EF Core, Quartz and the delivery queue.
        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString).EnableDynamicJson();
            SessionLimits.Apply(builder.ConnectionStringBuilder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
            // Hot statements repeat thousands of times a minute: parse once per connection, but plan every call, as the
            // queue swings from empty to thousands of rows (docs/PERFORMANCE.md). "Max Auto Prepare=0" turns it off.
            if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
                builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
                builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c plan_cache_mode={SessionLimits.PlanEachCallMode}".Trim();
            }
            // No session state outlives a use (SET LOCAL, transaction locks; ListeningConnection UNLISTENs), so skip the reset.
            if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            // Spans only inside a request, delivery or firing: polling would bury them under one-span traces.
            builder.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null));
            return builder.Build();
        });
        // Pooled: contexts are reset and reused instead of built (options and all) for every request.
        services.AddDbContextPool<CronHooksDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable(MigrationHistory.TableName))
            .UseSnakeCaseNamingConvention());
        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<CronHooksDbContext>());
        services.AddSingleton<IWebhookReader, EfWebhookReader>();
        services.AddScoped<IUserReader, EfUserReader>();
        services.AddHostedService<SchemaGate>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IScheduleCalculator, QuartzScheduleCalculator>();
        services.AddSingleton<IPublicHolidays, Scheduling.LibraryPublicHolidays>();
        services.AddSingleton<ICalendarReader, EfCalendarReader>();
        services.AddSingleton<Application.Common.Ports.IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<IPasswordGuessLimit, PasswordGuessLimit>();
        // The SSRF policy, shared by URL validation (API) and the delivery handler (scheduler).
        services.AddDeliveryDestinationPolicy();
        services.AddSingleton<IDestinationPolicy, DestinationUrlPolicy>();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddOptions<ResourceLimits>().BindConfiguration(ResourceLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IOwnerAttemptQuota, Quotas.SqlOwnerAttemptQuota>();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IExecutionStatistics, SqlExecutionStatistics>();
        services.AddSingleton<IClusterStatusReader, Cluster.SqlClusterStatusReader>();
        return services;
    }

    /// <summary>Issuing access tokens (the API only). Refuses to start without a strong signing key.</summary>
    public static IServiceCollection AddAccessTokens(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        return services;
    }
}
