using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (v3 format: HMAC-SHA512, salted, iteration count stored in the hash).</summary>
internal sealed class IdentityPasswordHasher : Application.Common.Ports.IPasswordHasher
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512.</summary>
    public const int Iterations = 210_000;

    private readonly PasswordHasher<object> inner = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    private static readonly object NoUser = new();

    public string Hash(string password) => inner.HashPassword(NoUser, password);

    public bool Verify(string hash, string password)
    {
        try
        {
            return inner.VerifyHashedPassword(NoUser, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
