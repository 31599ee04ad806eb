using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Auth.Register;

public sealed record RegisterCommand(string? Username, string? Email, string? Password) : ICommand<UserResponse>, IAuditedCommand;

public sealed class RegisterHandler(IApplicationDbContext db, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<RegisterCommand, UserResponse>
{
    public async ValueTask<UserResponse> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var username = command.Username!.Trim();
        var email = command.Email!.Trim().ToLowerInvariant();

        // "Alice" and "alice" are one name to people reading logs or sharing webhooks; a unique index on lower(username) settles races.
        var lowered = username.ToLowerInvariant();
#pragma warning disable CA1304, CA1862 // EF translates ToLower() (only it) to SQL lower(username), which the unique index covers
        if (await db.Users.AnyAsync(u => u.Username.ToLower() == lowered, cancellationToken))
#pragma warning restore CA1304, CA1862
            throw new ConflictException("That username is taken.");
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            throw new ConflictException("That email address is already registered.");

        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Username = username,
            Email = email,
            PasswordHash = hasher.Hash(command.Password!),
            CreatedAt = now,
            PasswordChangedAt = now,
        };
        db.Users.Add(user);
        // The unique indexes settle a race between two registrations; the exception handler answers 409.
        await db.SaveChangesAsync(cancellationToken);
        return UserResponse.From(user);
    }
}
