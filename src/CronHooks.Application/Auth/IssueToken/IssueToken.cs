using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Auth.IssueToken;

public sealed record IssueTokenCommand(string? Username, string? Password) : ICommand<TokenResponse>;

/// <summary>An OAuth2-style bearer token response.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed class IssueTokenHandler(
    IApplicationDbContext db, IPasswordHasher hasher, IPasswordGuessLimit guesses, IAccessTokenIssuer issuer, TimeProvider clock)
    : ICommandHandler<IssueTokenCommand, TokenResponse>
{
    // Verifying against a real hash when the user is unknown keeps the two failures equally slow,
    // so response time does not reveal which usernames exist.
    private static string? decoyHash;

    public async ValueTask<TokenResponse> Handle(IssueTokenCommand command, CancellationToken cancellationToken)
    {
        // Locked by the name given, whether or not it exists: the answers for both stay the same.
        var key = command.Username!.ToLowerInvariant();
        if (await guesses.TryStartGuessAsync(key, clock.GetUtcNow(), cancellationToken) is { } wait)
            throw new TooManyRequestsException("Too many failed logins; try again later.", wait);

        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == command.Username, cancellationToken);
        var valid = hasher.Verify(user?.PasswordHash ?? (decoyHash ??= hasher.Hash(Guid.NewGuid().ToString())), command.Password!);
        if (user is null || !valid)
            throw new AuthenticationFailedException(); // the guess was recorded as a failure before the check

        await guesses.ClearAsync(key, cancellationToken);
        // Only after the password proved who is asking: a disabled account is told so, and nobody else learns it.
        if (user.DisabledAt is not null)
            throw new AuthenticationFailedException("This account is disabled; ask the administrators of this CronHooks.");
        user.LastLoginAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var token = issuer.Issue(user);
        return new TokenResponse(token.Value, "Bearer", (int)token.Lifetime.TotalSeconds);
    }
}
