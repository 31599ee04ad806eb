using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Bench.Environment;

/// <summary>
/// The keys the harness gives the API and the nodes, and the encryption of signing secrets for webhooks it
/// inserts with COPY. The stored form mirrors Infrastructure/Secrets/AesGcmSecretProtector (internal there):
/// <c>v1.&lt;key id&gt;.base64url(nonce ‖ ciphertext ‖ tag)</c> bound to <c>webhook:&lt;id:N&gt;:signing-secret</c>.
/// If that format changes, deliveries of bulk webhooks fail as secret_unreadable and the harness reports them lost.
/// </summary>
internal sealed class BenchSecrets
{
    public const string KeyId = "bench";

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string KeyBase64 => Convert.ToBase64String(key);

    public string JwtSigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public string ProtectSigningSecret(Guid webhookId)
    {
        var data = Encoding.UTF8.GetBytes("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var sealedBytes = new byte[12 + data.Length + 16];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(sealedBytes.AsSpan(0, 12), data, sealedBytes.AsSpan(12, data.Length), sealedBytes.AsSpan(12 + data.Length),
            Encoding.UTF8.GetBytes($"webhook:{webhookId:N}:signing-secret"));
        return $"v1.{KeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }
}
