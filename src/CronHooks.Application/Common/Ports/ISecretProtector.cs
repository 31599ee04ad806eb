namespace CronHooks.Application.Common.Ports;

/// <summary>
/// Authenticated encryption of secrets stored in the database (custom header values, signing secrets).
/// The <c>context</c> is bound into the ciphertext, so a value copied to another row or field does not
/// decrypt. Old keys stay readable after the active key changes.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext, string context);

    /// <summary>The plaintext; throws <see cref="System.Security.Cryptography.CryptographicException"/> (naming no value) when the key is unknown, the value was altered or the context differs.</summary>
    string Unprotect(string protectedValue, string context);

    /// <summary>True when <paramref name="protectedValue"/> was encrypted with the active key (the rest block retiring an old key).</summary>
    bool IsUnderActiveKey(string protectedValue);
}
