namespace CronHooks.Domain.Users;

/// <summary>What an API key may do: <c>read</c> or <c>write</c>. Keys made before scopes existed are <c>write</c>, as they were.</summary>
public enum ApiKeyScope
{
    /// <summary>Read only: GET requests; anything that changes state is refused with 403.</summary>
    Read,

    /// <summary>Everything its owner can do through the API except creating API keys.</summary>
    Write,

    /// <summary>Write, plus the admin operations (/api/v1/admin) while its owner is an admin; only admins create such keys.</summary>
    Admin,
}
