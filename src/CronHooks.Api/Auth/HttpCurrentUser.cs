using System.Security.Claims;
using CronHooks.Application.Common.Ports;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Auth;

/// <summary>The caller, read from the validated bearer token of the current request.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid Id
    {
        get
        {
            var principal = accessor.HttpContext?.User;
            var subject = principal?.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            return Guid.TryParse(subject, out var id)
                ? id
                : throw new InvalidOperationException("No authenticated user on this request; the endpoint must require authorization.");
        }
    }

    public bool IsApiKey => accessor.HttpContext?.User.FindFirst(ApiKeyClaims.KeyId) is not null;
}
