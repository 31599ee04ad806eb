using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Auth.Register;
using CronHooks.Application.Common.Errors;
using CronHooks.Application.Common.Ports;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Application.Auth.ChangePassword;

/// <summary>
/// Changes the caller's password; every token issued before is rejected from then on and every API key is revoked.
/// A wrong current password counts against the same lockout as a failed login for the username.
/// </summary>
public sealed record ChangePasswordCommand(string? CurrentPassword, string? NewPassword) : ICommand, IAuditedCommand;

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(256);
        RuleFor(c => c.NewPassword).NotEmpty().MinimumLength(RegisterValidator.MinPasswordLength).MaximumLength(256);
    }
}

public sealed class ChangePasswordHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IPasswordHasher hasher, IPasswordGuessLimit guesses, TimeProvider clock)
    : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == currentUser.Id, cancellationToken)
            ?? throw new NotFoundException("User", currentUser.Id);
        // A stolen session must not become a way around the login lockout to guess the password.
        var guessKey = user.Username.ToLowerInvariant();
        if (await guesses.TryStartGuessAsync(guessKey, clock.GetUtcNow(), cancellationToken) is { } wait)
            throw new TooManyRequestsException("Too many wrong passwords; try again later.", wait);
        if (!hasher.Verify(user.PasswordHash, command.CurrentPassword!))
            throw new ValidationException([new ValidationFailure(nameof(command.CurrentPassword), "The current password is not correct.")]);
        await guesses.ClearAsync(guessKey, cancellationToken);

        user.PasswordHash = hasher.Hash(command.NewPassword!);
        // Tokens carry the stamp they were issued under; it must change even when two changes share a clock tick.
        var now = clock.GetUtcNow();
        user.PasswordChangedAt = now > user.PasswordChangedAt.AddMilliseconds(1) ? now : user.PasswordChangedAt.AddMilliseconds(1);
        // A password change is how users recover from a leak: keys made under the old password end with it, in the same save.
        var keys = await db.ApiKeys.Where(k => k.OwnerId == user.Id && k.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var key in keys)
            key.RevokedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
