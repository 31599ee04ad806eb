using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.HasKey(w => w.Id);
        builder.HasOne<User>().WithMany().HasForeignKey(w => w.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(w => w.Name).HasMaxLength(Webhook.MaxNameLength);
        builder.Property(w => w.Key).HasMaxLength(Webhook.MaxKeyLength);
        builder.Property(w => w.Url).HasMaxLength(Webhook.MaxUrlLength);
        builder.Property(w => w.HttpMethod).HasConversion<string>().HasMaxLength(8);
        builder.Property(w => w.ScheduleType).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.MissedRunPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Headers).HasColumnType("jsonb");
        // text, not jsonb: jsonb re-formats, and the payload must go out byte for byte as it came in.
        builder.Property(w => w.Payload).HasColumnType("text");
        builder.Property(w => w.CronExpression).HasMaxLength(Webhook.MaxCronExpressionLength);
        builder.Property(w => w.TimeZone).HasMaxLength(Webhook.MaxTimeZoneLength);
        builder.Property(w => w.ScheduleKey).HasMaxLength(Domain.Scheduling.ScheduleKey.MaxLength);
        builder.Property(w => w.SigningSecret).HasMaxLength(512);
        builder.Property(w => w.PreviousSigningSecret).HasMaxLength(512);
        // Encrypted: a 2,048-character URL becomes about 2,800 characters of base64 with its key id and nonce.
        builder.Property(w => w.AlertUrl).HasMaxLength(Webhook.MaxStoredAlertUrlLength);
        builder.Property(w => w.PauseNote).HasMaxLength(Webhook.MaxPauseNoteLength);
        builder.Property(w => w.PausedBy).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.Version).IsRowVersion();
        builder.Ignore(w => w.LastExecutionAt);
        // Written by the delivery engine in SQL; read with every webhook the API loads (a LEFT JOIN), never by the engine
        // (IWebhookReader leaves it out). Its own entity, not an owned type, so that a query can leave it out. No foreign
        // key in the database: an outcome recorded while its webhook is being deleted must not fail; EF deletes the row.
        builder.HasOne(w => w.Delivery).WithOne().HasForeignKey<WebhookDeliveryState>(WebhookDeliveryStateConfiguration.WebhookId)
            .HasConstraintName("fk_webhook_delivery_state_webhooks_id").OnDelete(DeleteBehavior.ClientCascade);
        builder.Navigation(w => w.Delivery).AutoInclude();

        // Read with the webhook the claim batch loads already: the runner judges and classifies without another query.
        builder.Property(w => w.SuccessCriteria).HasColumnType("jsonb");
        builder.Property(w => w.RetryOn).HasColumnType("text[]");

        builder.HasIndex(w => new { w.OwnerId, w.CreatedAt });
        // A key names one webhook of its owner; the handlers check first, this settles a race.
        builder.HasIndex(w => new { w.OwnerId, w.Key }).IsUnique().HasFilter("key IS NOT NULL");
        // A firing trigger loads every active webhook on its schedule.
        builder.HasIndex(w => w.ScheduleKey).HasFilter("is_active");
        // The pause sweep reads the owner-paused webhooks every few seconds: few among many.
        builder.HasIndex(w => w.PausedUntil).HasFilter("paused_by = 'Owner' AND NOT is_active").HasDatabaseName("ix_webhooks_owner_paused");
        // Callbacks: destinations like the webhook's url, stored the same way.
        builder.Property(w => w.CallbackUrl).HasMaxLength(Webhook.MaxUrlLength);
        builder.Property(w => w.FailureCallbackUrl).HasMaxLength(Webhook.MaxUrlLength);

        // The migration gives existing webhooks today's behaviour (60 s, Allow); no model default, so an explicit 0 is kept.
        builder.Property(w => w.OverlapPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.CalendarIds).HasDefaultValueSql("'{}'::uuid[]");
        builder.Property(w => w.OnHoliday).HasConversion<string>().HasMaxLength(16).HasDefaultValue(OnHoliday.Skip);
    }
}
