using CronHooks.Application.Common.Ports;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Auth;

/// <summary>The caller, their credential and their address, as the audit log records them.</summary>
internal sealed class HttpRequestOrigin(IHttpContextAccessor accessor) : IRequestOrigin
{
    /// <summary>What the log says for a password session (JWT): never the token itself.</summary>
    public const string TokenCredential = "token";

    public Guid? UserId => Guid.TryParse(accessor.HttpContext?.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var id) ? id : null;

    public string? Credential => accessor.HttpContext?.User.Identity?.IsAuthenticated == true
        ? accessor.HttpContext.User.FindFirst(ApiKeyClaims.KeyId)?.Value ?? TokenCredential
        : null;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
