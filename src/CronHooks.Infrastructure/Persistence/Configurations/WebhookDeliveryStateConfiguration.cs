using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class WebhookDeliveryStateConfiguration : IEntityTypeConfiguration<WebhookDeliveryState>
{
    /// <summary>The key, a shadow property: the webhook's id.</summary>
    public const string WebhookId = nameof(WebhookId);

    public void Configure(EntityTypeBuilder<WebhookDeliveryState> builder)
    {
        builder.ToTable("webhook_delivery_state");
        builder.Property<Guid>(WebhookId).HasColumnName("webhook_id");
        builder.HasKey(WebhookId);
        builder.Property(d => d.LastOutcomeStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastOutcomeErrorKind).HasMaxLength(Execution.MaxErrorKindLength);
    }
}
