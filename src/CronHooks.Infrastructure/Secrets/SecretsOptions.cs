using System.ComponentModel.DataAnnotations;

namespace CronHooks.Infrastructure.Secrets;

/// <summary>
/// Keys that encrypt secrets at rest (section <c>Secrets</c>): <c>Secrets:Keys:&lt;id&gt;</c> = 32 random bytes in
/// base64, <c>Secrets:ActiveKeyId</c> = the id new values are encrypted with. Rotate by adding a key and
/// making it active; keep the old one as long as rows encrypted with it exist. The keys live in
/// configuration (environment, secret store), never in the database they protect.
/// </summary>
public sealed class SecretsOptions : IValidatableObject
{
    public const string Section = "Secrets";
    public const int KeyBytes = 32;

    public Dictionary<string, string> Keys { get; set; } = [];
    public string ActiveKeyId { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Keys.Count == 0)
        {
            yield return new ValidationResult(
                "Secrets:Keys is empty; set at least one key, e.g. Secrets__Keys__k1=<32 random bytes in base64> and Secrets__ActiveKeyId=k1 (openssl rand -base64 32).");
            yield break;
        }
        foreach (var (id, key) in Keys)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                yield return new ValidationResult($"Secrets:Keys id '{id}' may contain only letters, digits, '-' and '_'.");
            if (!TryDecode(key, out _))
                yield return new ValidationResult($"Secrets:Keys:{id} must be {KeyBytes} bytes in base64."); // never echo the key
        }
        if (!Keys.ContainsKey(ActiveKeyId))
            yield return new ValidationResult("Secrets:ActiveKeyId must name one of Secrets:Keys.");
    }

    internal static bool TryDecode(string base64, out byte[] key)
    {
        key = new byte[KeyBytes];
        return Convert.TryFromBase64String(base64, key, out var written) && written == KeyBytes;
    }
}
