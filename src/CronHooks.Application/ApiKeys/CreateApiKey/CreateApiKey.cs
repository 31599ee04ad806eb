using CronHooks.Application.Common.Auditing;
using CronHooks.Application.ApiKeys.Common;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.ApiKeys.CreateApiKey;

/// <param name="Name">What the key is for, shown in the list.</param>
/// <param name="Scope"><c>read</c> (GET only), <c>write</c> (the default: everything but creating keys), or <c>admin</c> (write plus /api/v1/admin; admins only).</param>
/// <param name="ExpiresAt">When the key stops working; leave it out for a key that lasts until revoked.</param>
public sealed record CreateApiKeyCommand(string? Name, ApiKeyScope? Scope = null, DateTimeOffset? ExpiresAt = null) : ICommand<CreatedApiKeyResponse>, IAuditedCommand;

/// <summary>The new key, shown this once: only its hash is stored.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id, string Name, string Prefix, ApiKeyScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Scope).IsInEnum();
        RuleFor(c => c.ExpiresAt).Must(at => at is null || at > clock.GetUtcNow()).WithMessage("expiresAt must be in the future.");
    }
}

public sealed class CreateApiKeyHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateApiKeyCommand, CreatedApiKeyResponse>
{
    public async ValueTask<CreatedApiKeyResponse> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        // A leaked key must not be able to make itself a successor that outlives its revocation.
        if (currentUser.IsApiKey)
            throw new ForbiddenException("API keys cannot create API keys; create keys while signed in with your password (a token from POST /api/v1/auth/token).");

        // An admin-scoped key reaches /api/v1/admin only while its owner is an admin; only admins may ask for one.
        if (command.Scope == ApiKeyScope.Admin && !await db.Users.AnyAsync(u => u.Id == currentUser.Id && u.Role == UserRole.Admin, cancellationToken))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(command.Scope), "scope must be read or write.")]);

        var key = ApiKeyTokens.Generate();
        var apiKey = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OwnerId = currentUser.Id,
            Name = command.Name!.Trim(),
            Prefix = ApiKeyTokens.Prefix(key),
            KeyHash = ApiKeyTokens.Hash(key),
            Scope = command.Scope ?? ApiKeyScope.Write,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = command.ExpiresAt?.ToUniversalTime(),
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(apiKey.Id, apiKey.Name, apiKey.Prefix, apiKey.Scope, apiKey.CreatedAt, apiKey.ExpiresAt, key);
    }
}
