using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CronHooks.Infrastructure.Secrets;

/// <summary>
/// Re-encrypts every stored secret (header values, current and previous signing secrets) that is not under
/// <c>Secrets:ActiveKeyId</c>, so an old key can be removed from <c>Secrets:Keys</c>. Idempotent and safe
/// beside running services: each webhook is written under its row version, and one changed meanwhile is
/// left for the next run. A last pass counts what is still under another key, so the answer can be trusted.
/// </summary>
public static class SecretReencryption
{
    private const int BatchSize = 200;

    /// <summary>What one run did; <see cref="Remaining"/> (webhooks still holding a value under another key) must be 0 before an old key is removed.</summary>
    public sealed record Outcome(int Reencrypted, int Unreadable, int Remaining);

    public static async Task<Outcome> RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var protector = services.GetRequiredService<ISecretProtector>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretReencryption));
        int reencrypted = 0, unreadable = 0;
        // Ordered by id: rows created meanwhile are under the active key already, and ids never change.
        for (var offset = 0; ; offset += BatchSize)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
            var batch = await db.Webhooks.OrderBy(w => w.Id).Skip(offset).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;

            foreach (var webhook in batch)
            {
                if (IsCurrent(webhook, protector))
                    continue;
                try
                {
                    Reencrypt(webhook, protector);
                    await db.SaveChangesAsync(cancellationToken);
                    reencrypted++;
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    // Its key is gone or the row was altered: no key can help; it stays as it is (and fails as secret_unreadable).
                    unreadable++;
                    db.Entry(webhook).State = EntityState.Unchanged;
                    logger.LogWarning("Webhook {WebhookId} has a secret that no configured key decrypts; it was left as it is", webhook.Id);
                }
                catch (DbUpdateConcurrencyException)
                {
                    db.Entry(webhook).State = EntityState.Detached; // changed meanwhile: the last pass counts it
                }
            }
        }

        var remaining = await CountNotCurrentAsync(services, protector, cancellationToken);
        logger.LogInformation("Secrets re-encrypted under the active key: {Reencrypted} webhooks; {Unreadable} unreadable; {Remaining} still under another key",
            reencrypted, unreadable, remaining);
        return new Outcome(reencrypted, unreadable, remaining);
    }

    private static async Task<int> CountNotCurrentAsync(IServiceProvider services, ISecretProtector protector, CancellationToken cancellationToken)
    {
        var count = 0;
        for (var offset = 0; ; offset += BatchSize)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CronHooksDbContext>();
            var batch = await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).Skip(offset).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return count;
            count += batch.Count(w => !IsCurrent(w, protector));
        }
    }

    private static bool IsCurrent(Webhook webhook, ISecretProtector protector) =>
        protector.IsUnderActiveKey(webhook.SigningSecret)
        && (webhook.PreviousSigningSecret is null || protector.IsUnderActiveKey(webhook.PreviousSigningSecret))
        && webhook.Headers.Values.All(protector.IsUnderActiveKey)
        && (webhook.AlertUrl is null || protector.IsUnderActiveKey(webhook.AlertUrl));

    private static void Reencrypt(Webhook webhook, ISecretProtector protector)
    {
        var signingContext = WebhookSecrets.SigningSecretContext(webhook.Id);
        var signing = protector.Protect(protector.Unprotect(webhook.SigningSecret, signingContext), signingContext);
        var previous = webhook.PreviousSigningSecret is { } old ? protector.Protect(protector.Unprotect(old, signingContext), signingContext) : null;
        var headers = protector.ProtectHeaders(webhook.Id, protector.RevealHeaders(webhook));
        var alertUrl = protector.ProtectAlertUrl(webhook.Id, protector.RevealAlertUrl(webhook));
        // Assigned only once everything decrypted, so a failure leaves the entity untouched.
        webhook.SigningSecret = signing;
        webhook.PreviousSigningSecret = previous;
        webhook.Headers = headers;
        webhook.AlertUrl = alertUrl;
    }
}
