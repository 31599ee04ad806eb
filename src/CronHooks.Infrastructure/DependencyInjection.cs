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

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(o => o.IsValid(), "Database: timeouts must not be negative, and TcpKeepAlive must be whole seconds.").ValidateOnStart();
        // One data source (one connection pool) shared by EF Core, Quartz and the delivery queue.
        services.AddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString).EnableDynamicJson();
            SessionLimits.Apply(builder.ConnectionStringBuilder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
            // Every hot statement (claims, outcome writes, webhook loads) is the same text thousands of times a
            // minute: prepared once per connection, PostgreSQL stops parsing it each time (a fifth of its CPU in a
            // delivery burst, docs/PERFORMANCE.md). Still planned on every call: a cached generic plan outlives
            // the table sizes it was made for, and the queue swings from empty to a burst of thousands of rows
            // (a plan cached on an empty table scanned for seconds per call). "Max Auto Prepare=0" in the
            // connection string turns preparing off (e.g. behind a pooler that cannot keep prepared statements).
            if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
                builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
                builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c plan_cache_mode=force_custom_plan".Trim();
            }
            // Nothing here leaves session state on a connection (SET LOCAL and transaction-scoped advisory locks
            // only; the LISTEN connections UNLISTEN before going back, see ListeningConnection), so a connection
            // taken back by the pool need not be reset: with prepared statements kept, that reset is four
            // statements (RESET ALL and co.) run before the next use, for every open, three opens per API request.
            if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            // Only database calls made inside a request, a delivery or a firing get a span: the polling that
            // every node does every few seconds (Quartz check-ins, claims, queue gauges) would otherwise
            // export thousands of one-span traces an hour and bury the ones worth reading.
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
        services.AddHostedService<SchemaGate>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IScheduleCalculator, QuartzScheduleCalculator>();
        services.AddSingleton<Application.Common.Ports.IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<IPasswordGuessLimit, PasswordGuessLimit>();
        // Security (issue 5): the SSRF policy shared by URL validation (API) and the delivery handler (scheduler).
        services.AddDeliveryDestinationPolicy();
        services.AddSingleton<IDestinationPolicy, DestinationUrlPolicy>();
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddOptions<ResourceLimits>().BindConfiguration(ResourceLimits.Section);
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
