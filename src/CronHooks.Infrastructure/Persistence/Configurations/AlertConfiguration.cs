using CronHooks.Domain.Alerts;
using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        // No foreign key to webhooks, like executions: an alert queued just before its webhook is deleted
        // is dropped by the sender (it can no longer be signed), not cascaded away mid-send.
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(32);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ErrorKind).HasMaxLength(Execution.MaxErrorKindLength);
        builder.Property(a => a.LastErrorKind).HasMaxLength(Execution.MaxErrorKindLength);
        builder.Property(a => a.LastErrorMessage).HasMaxLength(Execution.MaxErrorMessageLength);
        builder.Property(a => a.LeaseOwner).HasMaxLength(Execution.MaxLeaseOwnerLength);

        // One row per event: queuing the same event again (an outcome written twice) is a no-op.
        builder.HasIndex(a => new { a.WebhookId, a.Kind, a.EventKey }).IsUnique();
        // The alert queue: unfinished rows only. A claim moves due_at to the lease's end, so one index
        // finds both due alerts and alerts whose node died while sending.
        builder.HasIndex(a => a.DueAt).HasFilter($"status IN ('{nameof(AlertStatus.Pending)}', '{nameof(AlertStatus.Sending)}')").HasDatabaseName("ix_alerts_queue_due");
        // Callbacks: their attempt facts, and the execution page's list of an attempt's callbacks.
        builder.Property(a => a.Details).HasColumnType("jsonb");
        builder.HasIndex(a => a.ExecutionId)
            .HasFilter($"kind IN ('{Domain.Callbacks.CallbackKinds.Attempt}', '{Domain.Callbacks.CallbackKinds.Failure}')")
            .HasDatabaseName("ix_alerts_callbacks_execution");
    }
}
