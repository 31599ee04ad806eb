using System.Security.Cryptography;

namespace CronHooks.Domain.Webhooks;

/// <summary>Standard Webhooks signing secrets: <c>whsec_</c> followed by 32 random bytes in base64.</summary>
public static class SigningSecret
{
    public const string Prefix = "whsec_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
