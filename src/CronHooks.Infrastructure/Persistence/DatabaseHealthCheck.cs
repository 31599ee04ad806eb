using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>Ready when the database answers and its schema is the one this code expects.</summary>
internal sealed class DatabaseHealthCheck(CronHooksDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await db.Database.PendingMigrationsAsync(cancellationToken);
            return pending.Count > 0
                ? HealthCheckResult.Unhealthy("The database schema is behind the code.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }
    }
}
