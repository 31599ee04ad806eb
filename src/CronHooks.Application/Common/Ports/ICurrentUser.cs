namespace CronHooks.Application.Common.Ports;

/// <summary>The authenticated caller of the current request.</summary>
public interface ICurrentUser
{
    /// <summary>The caller's user id; throws when the request is not authenticated.</summary>
    Guid Id { get; }

    /// <summary>Whether the caller authenticated with an API key rather than a password session (JWT).</summary>
    bool IsApiKey { get; }
}
