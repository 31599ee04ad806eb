using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CronHooks.Application.Common.Ports;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Secrets;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce per value and the context as associated data. Stored form:
/// <c>v1.&lt;key id&gt;.&lt;base64url(nonce ‖ ciphertext ‖ tag)&gt;</c>; the key id lets values written under an older key
/// stay readable after rotation.
/// </summary>
internal sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;

    public AesGcmSecretProtector(IOptions<SecretsOptions> options)
    {
        var settings = options.Value;
        keys = settings.Keys.ToDictionary(k => k.Key, k => SecretsOptions.TryDecode(k.Value, out var key)
            ? key
            : throw new InvalidOperationException($"Secrets:Keys:{k.Key} is not a {SecretsOptions.KeyBytes}-byte base64 key."));
        activeKeyId = settings.ActiveKeyId;
    }

    public string Protect(string plaintext, string context)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + data.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[activeKeyId], TagBytes);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceBytes, data.Length), sealedBytes.AsSpan(NonceBytes + data.Length), Encoding.UTF8.GetBytes(context));
        return $"{Version}.{activeKeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    public bool IsUnderActiveKey(string protectedValue) =>
        protectedValue.Split('.') is [Version, var keyId, _] && keyId == activeKeyId;

    public string Unprotect(string protectedValue, string context)
    {
        var parts = protectedValue.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
            throw new CryptographicException("A stored secret is not in the expected encrypted form.");
        if (!keys.TryGetValue(parts[1], out var key))
            throw new CryptographicException($"A stored secret was encrypted with key '{parts[1]}', which is not in Secrets:Keys.");

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            throw new CryptographicException("A stored secret is not in the expected encrypted form.");
        }
        if (sealedBytes.Length < NonceBytes + TagBytes)
            throw new CryptographicException("A stored secret is not in the expected encrypted form.");

        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var data = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), data, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            // Altered, or copied from another webhook or header: both are refused, and neither value is named.
            throw new CryptographicException("A stored secret failed authentication: it was altered or belongs to another webhook or field.");
        }
        return Encoding.UTF8.GetString(data);
    }
}
