using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Auth.IssueToken;

public sealed record IssueTokenCommand(string? Username, string? Password) : ICommand<TokenResponse>;

/// <summary>An OAuth2-style bearer token response.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed class IssueTokenHandler(IApplicationDbContext db, IPasswordHasher hasher, IAccessTokenIssuer issuer)
    : ICommandHandler<IssueTokenCommand, TokenResponse>
{
    // Verifying against a real hash when the user is unknown keeps the two failures equally slow,
    // so response time does not reveal which usernames exist.
    private static string? decoyHash;

    public async ValueTask<TokenResponse> Handle(IssueTokenCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == command.Username, cancellationToken);
        var valid = hasher.Verify(user?.PasswordHash ?? (decoyHash ??= hasher.Hash(Guid.NewGuid().ToString())), command.Password!);
        if (user is null || !valid)
            throw new AuthenticationFailedException();

        var token = issuer.Issue(user);
        return new TokenResponse(token.Value, "Bearer", (int)token.Lifetime.TotalSeconds);
    }
}
