using FluentValidation;

namespace CronHooks.Application.Auth.IssueToken;

public sealed class IssueTokenValidator : AbstractValidator<IssueTokenCommand>
{
    public IssueTokenValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(256);
    }
}
