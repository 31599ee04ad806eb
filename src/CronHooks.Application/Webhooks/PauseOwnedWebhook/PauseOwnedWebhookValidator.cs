using CronHooks.Domain.Webhooks;
using FluentValidation;

namespace CronHooks.Application.Webhooks.PauseOwnedWebhook;

public sealed class PauseOwnedWebhookValidator : AbstractValidator<PauseOwnedWebhookCommand>
{
    public PauseOwnedWebhookValidator(TimeProvider clock)
    {
        RuleFor(c => c.Note).MaximumLength(Webhook.MaxPauseNoteLength);
        RuleFor(c => c.Until).Must(until => until is null || until > clock.GetUtcNow())
            .WithMessage("until must be in the future: the instant the webhook resumes by itself (omit it to stay paused until resumed).");
    }
}
