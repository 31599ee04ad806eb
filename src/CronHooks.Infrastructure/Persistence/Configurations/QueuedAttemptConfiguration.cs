using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class QueuedAttemptConfiguration : IEntityTypeConfiguration<QueuedAttempt>
{
    public const string Table = "execution_queue";

    public void Configure(EntityTypeBuilder<QueuedAttempt> builder)
    {
        // No foreign key to webhooks: a queued attempt of a deleted webhook is recorded as skipped.
        builder.ToTable(Table);
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.LeaseOwner).HasMaxLength(Execution.MaxLeaseOwnerLength);
        // One attempt per (webhook, occurrence, attempt number) in the queue; the enqueue also looks in the history.
        builder.HasIndex(q => new { q.WebhookId, q.ScheduledFor, q.AttemptNumber }).IsUnique();
        // The claim: per owner, its oldest waiting rows; and the earliest waiting row overall (when to wake up).
        builder.HasIndex(q => new { q.OwnerId, q.DueAt, q.Id }).HasFilter("lease_owner IS NULL").HasDatabaseName("ix_execution_queue_owner_due");
        builder.HasIndex(q => q.DueAt).HasFilter("lease_owner IS NULL").HasDatabaseName("ix_execution_queue_due");
        // The lease sweep and each owner's attempts in flight.
        builder.HasIndex(q => new { q.OwnerId, q.LeaseExpiresAt }).HasFilter("lease_owner IS NOT NULL").HasDatabaseName("ix_execution_queue_leases");
    }
}
