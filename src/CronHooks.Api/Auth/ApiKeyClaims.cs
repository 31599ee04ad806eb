namespace CronHooks.Api.Auth;

/// <summary>The claims an API-key caller carries besides its owner's <c>sub</c>.</summary>
internal static class ApiKeyClaims
{
    public const string KeyId = "api_key_id";

    /// <summary><c>read</c> or <c>write</c>, see <see cref="Domain.Users.ApiKeyScope"/>.</summary>
    public const string Scope = "api_key_scope";
}
