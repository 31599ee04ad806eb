using CronHooks.Domain.Users;

namespace CronHooks.Application.Common.Ports;

/// <summary>Issues bearer tokens for authenticated users.</summary>
public interface IAccessTokenIssuer
{
    AccessToken Issue(User user);
}

/// <summary>A signed token and how long it lives.</summary>
public sealed record AccessToken(string Value, TimeSpan Lifetime);
