using CronHooks.Application.Common;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CronHooks.Application.Auth.IssueToken;

public sealed record IssueTokenCommand(string? Username, string? Password) : ICommand<TokenResponse>;

/// <summary>An OAuth2-style bearer token response.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed class IssueTokenHandler(
    IApplicationDbContext db, IPasswordHasher hasher, IAccessTokenIssuer issuer, IOptions<ResourceLimits> limits, TimeProvider clock)
    : ICommandHandler<IssueTokenCommand, TokenResponse>
{
    // Verifying against a real hash when the user is unknown keeps the two failures equally slow,
    // so response time does not reveal which usernames exist.
    private static string? decoyHash;

    public async ValueTask<TokenResponse> Handle(IssueTokenCommand command, CancellationToken cancellationToken)
    {
        // Locked by the name given, whether or not it exists: the answers for both stay the same.
        var key = command.Username!.ToLowerInvariant();
        var now = clock.GetUtcNow();
        var window = limits.Value.LoginFailureWindow;
        var max = limits.Value.MaxLoginFailures;
        var recent = await db.LoginFailures
            .Where(f => f.Username == key && f.FailedAt > now - window)
            .OrderByDescending(f => f.FailedAt).Select(f => f.FailedAt).Take(max)
            .ToListAsync(cancellationToken);
        if (recent.Count >= max)
            throw new TooManyRequestsException("Too many failed logins; try again later.", recent[^1] + window - now);

        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == command.Username, cancellationToken);
        var valid = hasher.Verify(user?.PasswordHash ?? (decoyHash ??= hasher.Hash(Guid.NewGuid().ToString())), command.Password!);
        if (user is null || !valid)
        {
            await db.LoginFailures.Where(f => f.Username == key && f.FailedAt <= now - window).ExecuteDeleteAsync(cancellationToken);
            db.LoginFailures.Add(new LoginFailure { Username = key, FailedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            throw new AuthenticationFailedException();
        }

        await db.LoginFailures.Where(f => f.Username == key).ExecuteDeleteAsync(cancellationToken);
        var token = issuer.Issue(user);
        return new TokenResponse(token.Value, "Bearer", (int)token.Lifetime.TotalSeconds);
    }
}
