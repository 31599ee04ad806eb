namespace CronHooks.Application.Common.Ports;

/// <summary>Who is asking and from where, for the audit log; all null outside a request (the system, a command line).</summary>
public interface IRequestOrigin
{
    /// <summary>The authenticated caller, or null (anonymous or not a request).</summary>
    Guid? UserId { get; }

    /// <summary>How the caller authenticated: the API key's id, or <c>token</c> for a password session.</summary>
    string? Credential { get; }

    /// <summary>The client's address as the API saw it (after trusted proxies).</summary>
    string? ClientAddress { get; }
}

/// <summary>No request: the system acting on its own.</summary>
internal sealed class NoRequestOrigin : IRequestOrigin
{
    public Guid? UserId => null;
    public string? Credential => null;
    public string? ClientAddress => null;
}
