using System.Globalization;

namespace CronHooks.Infrastructure.Identity;

/// <summary>
/// The user's password-change instant (Unix milliseconds) when a token was issued. A token whose stamp no
/// longer matches the user's was issued under an old password and is rejected.
/// </summary>
public static class PasswordStampClaim
{
    public const string Name = "pwd_at";

    public static string For(DateTimeOffset passwordChangedAt) =>
        passwordChangedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
