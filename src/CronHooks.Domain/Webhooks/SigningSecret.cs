using System.Security.Cryptography;

namespace CronHooks.Domain.Webhooks;

/// <summary>Standard Webhooks signing secrets: <c>whsec_</c> followed by 32 random bytes in base64.</summary>
public static class SigningSecret
{
    public const string Prefix = "whsec_";

    /// <summary>What <see cref="ForAlerts"/> authenticates with the webhook's secret; versioned so the derivation can change.</summary>
    public const string AlertKeyLabel = "cronhooks-alerts-v1";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The secret alerts are signed with: <c>whsec_</c> + base64(HMAC-SHA256(secret bytes, "cronhooks-alerts-v1")).
    /// Distinct from the delivery secret, so an alert captured at its alert URL (a chat service, a third party)
    /// cannot be replayed to the webhook's own receiver as a delivery; derived, so it needs no storage or rotation of its own.
    /// </summary>
    public static string ForAlerts(string signingSecret)
    {
        var key = Convert.FromBase64String(signingSecret.StartsWith(Prefix, StringComparison.Ordinal) ? signingSecret[Prefix.Length..] : signingSecret);
        return Prefix + Convert.ToBase64String(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(AlertKeyLabel)));
    }
}
