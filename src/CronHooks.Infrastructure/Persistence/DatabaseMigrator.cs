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
        // Only an upgrade with plaintext alert URLs needs the keys; a fresh or current database migrates without them.
        if (!await Secrets.PlaintextAlertUrls.AnyAsync(db, cancellationToken))
            return;
        Application.Common.Ports.ISecretProtector protector;
        try
        {
            protector = scope.ServiceProvider.GetRequiredService<Application.Common.Ports.ISecretProtector>();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            throw new InvalidOperationException(
                "Alert URLs stored in plaintext by an older version must be encrypted, so migrate needs the API's Secrets__Keys__<id> and Secrets__ActiveKeyId. " + e.Message, e);
        }
        var encrypted = await Secrets.PlaintextAlertUrls.EncryptAsync(db, protector, cancellationToken);
        logger.LogInformation("Encrypted {Count} alert URLs stored in plaintext", encrypted);
    }
}
