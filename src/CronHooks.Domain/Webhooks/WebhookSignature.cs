using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Domain.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures: <c>v1,</c> + base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")),
/// where the secret is the bytes of the base64 after <c>whsec_</c> and body is the exact bytes sent.
/// Used by the delivery engine to sign and by receivers (and the tests) to verify.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a timestamp may be from the receiver's clock before a delivery is treated as a replay.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,…</c> signature per secret, space-separated.</summary>
    public static string Sign(IEnumerable<string> secrets, string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
            signatures.Add("v1," + Convert.ToBase64String(Mac(secret, messageId, timestamp.ToUnixTimeSeconds(), body)));
        return string.Join(' ', signatures);
    }

    /// <summary>The <c>webhook-timestamp</c> value: Unix seconds.</summary>
    public static string Timestamp(DateTimeOffset timestamp) => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True when <paramref name="signatureHeader"/> holds a valid v1 signature of the message under
    /// <paramref name="secret"/> and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// Compares in constant time.
    /// </summary>
    public static bool Verify(
        string secret, string messageId, string timestampHeader, string signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > (tolerance ?? DefaultTolerance))
            return false;

        var expected = Mac(secret, messageId, seconds, body);
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written) && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
                return true;
        }
        return false;
    }

    private static byte[] Mac(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SigningSecret.Prefix, StringComparison.Ordinal) ? secret[SigningSecret.Prefix.Length..] : secret);
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}
