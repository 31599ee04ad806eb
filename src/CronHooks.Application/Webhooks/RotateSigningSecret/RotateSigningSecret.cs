using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using Mediator;

namespace CronHooks.Application.Webhooks.RotateSigningSecret;

/// <summary>Replaces a webhook's signing secret; the old one keeps signing for <see cref="WebhookSecrets.RotationGracePeriod"/>.</summary>
public sealed record RotateSigningSecretCommand(Guid Id) : ICommand<SigningSecretResponse>, IAuditedCommand;

/// <summary>The new secret, shown this once, and until when deliveries also carry the old signature.</summary>
public sealed record SigningSecretResponse(string SigningSecret, DateTimeOffset PreviousSecretValidUntil);

public sealed class RotateSigningSecretHandler(IApplicationDbContext db, ICurrentUser currentUser, ISecretProtector secrets, TimeProvider clock)
    : ICommandHandler<RotateSigningSecretCommand, SigningSecretResponse>
{
    public async ValueTask<SigningSecretResponse> Handle(RotateSigningSecretCommand command, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.GetOwnedAsync(command.Id, currentUser.Id, cancellationToken);
        var now = clock.GetUtcNow();
        // One previous secret at a time: rotating again within the grace period retires the oldest at once.
        webhook.PreviousSigningSecret = webhook.SigningSecret;
        webhook.PreviousSigningSecretExpiresAt = now + WebhookSecrets.RotationGracePeriod;
        var secret = secrets.SetNewSigningSecret(webhook);
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new SigningSecretResponse(secret, webhook.PreviousSigningSecretExpiresAt.Value);
    }
}
