using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CronHooks.Application.ApiKeys.Common;

/// <summary>
/// API keys: <c>chk_</c> + 32 random bytes (base64url). Only a SHA-256 hash is stored — the key has 256 bits
/// of entropy, so a slow password hash would add cost without adding safety — plus a short visible prefix.
/// </summary>
public static class ApiKeyTokens
{
    public const string Marker = "chk_";
    public const int PrefixLength = 12;

    public static string Generate() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key[..PrefixLength];

    public static bool LooksLikeKey(string token) => token.StartsWith(Marker, StringComparison.Ordinal);
}

/// <summary>An API key as listed: never the key itself. <c>lastUsedAt</c> is exact to about a minute.</summary>
public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, Domain.Users.ApiKeyScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(Domain.Users.ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Scope, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
