using FluentValidation;

namespace CronHooks.Application.Auth.Register;

public sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public const int MinPasswordLength = 8;

    public RegisterValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(64)
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("Username may contain letters, digits, '.', '_' and '-'.");
        RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(c => c.Password).NotEmpty().MinimumLength(MinPasswordLength).MaximumLength(256);
    }
}
