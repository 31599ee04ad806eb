using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CronHooks.Infrastructure.Persistence;

/// <summary>Applies the EF Core migrations, which also create Quartz's tables and the queue signals, then encrypts what older versions stored in plaintext.</summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var pending = await db.Database.PendingMigrationsAsync(cancellationToken);
        await db.Database.ApplyMigrationsAsync(cancellationToken);
        logger.LogInformation("Database schema is current ({Count} migrations applied now)", pending.Count);
        var encrypted = await Secrets.PlaintextAlertUrls.EncryptAsync(db, scope.ServiceProvider.GetRequiredService<Application.Common.Ports.ISecretProtector>(), cancellationToken);
        if (encrypted > 0)
            logger.LogInformation("Encrypted {Count} alert URLs stored in plaintext", encrypted);
    }
}
