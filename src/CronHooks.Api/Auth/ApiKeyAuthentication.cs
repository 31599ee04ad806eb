using System.Security.Claims;
using System.Text.Encodings.Web;
using CronHooks.Application.ApiKeys.Common;
using CronHooks.Application.Common.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CronHooks.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer chk_…</c> with a stored, unrevoked API key. The caller then is
/// the key's owner, exactly as with a JWT, so every owner check applies unchanged; a key past its expiry
/// does not authenticate, nor does a disabled owner's, and the key's scope travels as a claim (see <see cref="ReadOnlyApiKeys"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TimeProvider clock, IApplicationDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Writing last_used_at on every request would turn reads into writes; once a minute is precise enough.</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token || !ApiKeyTokens.LooksLikeKey(token))
            return AuthenticateResult.NoResult();

        var hash = ApiKeyTokens.Hash(token);
        var now = clock.GetUtcNow();
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now)
                && db.Users.Any(u => u.Id == k.OwnerId && u.DisabledAt == null))
            .Select(k => new { k.Id, k.OwnerId, k.LastUsedAt, k.Scope })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            Logger.LogWarning("API key rejected on {Method} {Route}", Request.Method, RequestLogging.RouteOf(Context)); // never the key
            return AuthenticateResult.Fail("Unknown, expired or revoked API key.");
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedPrecision)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, key.OwnerId.ToString()), new Claim(ApiKeyClaims.KeyId, key.Id.ToString()),
            new Claim(ApiKeyClaims.Scope, key.Scope.ToString().ToLowerInvariant())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
