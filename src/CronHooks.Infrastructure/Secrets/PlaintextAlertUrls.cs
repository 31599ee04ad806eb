using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Infrastructure.Secrets;

/// <summary>
/// Encrypts alert URLs stored before alert URLs were secrets. Part of <c>migrate</c> (it needs the keys,
/// which the SQL migrations never see); idempotent, so every run finds only what is left.
/// </summary>
internal static class PlaintextAlertUrls
{
    private const int BatchSize = 500;

    /// <summary>Whether any alert URL is still in plaintext; only then does <c>migrate</c> need the keys.</summary>
    public static Task<bool> AnyAsync(CronHooksDbContext db, CancellationToken cancellationToken) =>
        Plaintext(db).AnyAsync(cancellationToken);

    public static async Task<int> EncryptAsync(CronHooksDbContext db, ISecretProtector protector, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await Plaintext(db).OrderBy(w => w.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return total;
            foreach (var webhook in batch)
                webhook.AlertUrl = protector.ProtectAlertUrl(webhook.Id, webhook.AlertUrl);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            total += batch.Count;
        }
    }

    private static IQueryable<Domain.Webhooks.Webhook> Plaintext(CronHooksDbContext db) =>
        db.Webhooks.Where(w => w.AlertUrl != null && (EF.Functions.ILike(w.AlertUrl, "http://%") || EF.Functions.ILike(w.AlertUrl, "https://%")));
}
