namespace CronHooks.Application.Common.Ports;

/// <summary>The authenticated caller of the current request.</summary>
public interface ICurrentUser
{
    /// <summary>The caller's user id; throws when the request is not authenticated.</summary>
    Guid Id { get; }
}
