using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// The Standard Webhooks <c>webhook-id</c> of an occurrence. It is derived, not stored: every retry and
/// every redelivery after a failover computes the same id, so receivers can drop duplicates with it.
/// </summary>
public static class WebhookMessageId
{
    public const string Prefix = "msg_";

    /// <summary>
    /// <c>msg_</c> + 32 hex digits of SHA-256(webhook id | occurrence in microseconds). Microseconds because
    /// that is what PostgreSQL keeps of <c>scheduled_for</c>: the id must not change after a round trip.
    /// </summary>
    public static string For(Guid webhookId, DateTimeOffset scheduledFor)
    {
        var micros = (scheduledFor.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId:N}|{micros}"));
        return Prefix + Convert.ToHexStringLower(hash, 0, 16);
    }
}
