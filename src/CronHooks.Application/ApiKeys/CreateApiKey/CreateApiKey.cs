using CronHooks.Application.ApiKeys.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using FluentValidation;
using Mediator;

namespace CronHooks.Application.ApiKeys.CreateApiKey;

public sealed record CreateApiKeyCommand(string? Name) : ICommand<CreatedApiKeyResponse>;

/// <summary>The new key, shown this once: only its hash is stored.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, string Key);

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
}

public sealed class CreateApiKeyHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateApiKeyCommand, CreatedApiKeyResponse>
{
    public async ValueTask<CreatedApiKeyResponse> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = ApiKeyTokens.Generate();
        var apiKey = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OwnerId = currentUser.Id,
            Name = command.Name!.Trim(),
            Prefix = ApiKeyTokens.Prefix(key),
            KeyHash = ApiKeyTokens.Hash(key),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(apiKey.Id, apiKey.Name, apiKey.Prefix, apiKey.CreatedAt, key);
    }
}
