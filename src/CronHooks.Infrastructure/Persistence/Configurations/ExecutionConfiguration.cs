using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class ExecutionConfiguration : IEntityTypeConfiguration<Execution>
{
    public void Configure(EntityTypeBuilder<Execution> builder)
    {
        // No foreign key to webhooks: an attempt's record outlives the webhook it called.
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ErrorKind).HasMaxLength(64);
        builder.Property(e => e.ErrorMessage).HasMaxLength(2048);
        builder.Property(e => e.LeaseOwner).HasMaxLength(200);
        builder.Property(e => e.RequestHeaders).HasColumnType("jsonb");
        builder.Ignore(e => e.SentRequest);

        // One attempt per (webhook, occurrence, attempt number): a repeated firing or a retry inserted
        // twice is a no-op (ON CONFLICT DO NOTHING), never a duplicate delivery.
        builder.HasIndex(e => new { e.WebhookId, e.ScheduledFor, e.AttemptNumber }).IsUnique();
        // "A webhook's executions, newest first".
        builder.HasIndex(e => new { e.WebhookId, e.CreatedAt }).IsDescending(false, true);
        builder.HasIndex(e => new { e.OwnerId, e.CreatedAt }).IsDescending(false, true);
        // The delivery queue: only unfinished rows are indexed, so claiming stays fast with millions of finished ones.
        builder.HasIndex(e => e.DueAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_executions_queue_due");
        // The claim's per-owner reads: one probe per owner with due work, then its oldest rows in order.
        builder.HasIndex(e => new { e.OwnerId, e.DueAt, e.Id }).HasFilter("status = 'Pending'").HasDatabaseName("ix_executions_queue_owner_due");
        builder.HasIndex(e => e.LeaseExpiresAt).HasFilter("status = 'Running'").HasDatabaseName("ix_executions_queue_leases");
    }
}
