using System.ComponentModel.DataAnnotations;
using System.Text;

namespace CronHooks.Infrastructure.Identity;

/// <summary>Access-token settings (section <c>Jwt</c>). The API refuses to start without a strong signing key.</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Jwt";
    public const int MinKeyBytes = 32;

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    public string SigningKey { get; set; } = "";
    public string Issuer { get; set; } = "cronhooks";
    public string Audience { get; set; } = "cronhooks-api";
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoding.UTF8.GetByteCount(SigningKey) < MinKeyBytes)
            yield return new ValidationResult($"Jwt:SigningKey must be at least {MinKeyBytes} bytes; set it in configuration (e.g. the Jwt__SigningKey environment variable).", [nameof(SigningKey)]);
        if (string.IsNullOrWhiteSpace(Issuer))
            yield return new ValidationResult("Jwt:Issuer is required.", [nameof(Issuer)]);
        if (string.IsNullOrWhiteSpace(Audience))
            yield return new ValidationResult("Jwt:Audience is required.", [nameof(Audience)]);
        if (Lifetime <= TimeSpan.Zero || Lifetime > TimeSpan.FromDays(1))
            yield return new ValidationResult("Jwt:Lifetime must be between 0 and 1 day.", [nameof(Lifetime)]);
    }
}
