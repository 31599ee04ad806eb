using CronHooks.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.EntityType).HasMaxLength(32);
        builder.Property(a => a.EntityId).HasMaxLength(64);
        builder.Property(a => a.ActorKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Credential).HasMaxLength(64);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(a => a.Changes).HasColumnType("jsonb");
        // No foreign keys: the log outlives the users and webhooks it names. Owners read theirs newest first; admins filter by entity.
        builder.HasIndex(a => new { a.OwnerId, a.At });
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
        builder.HasIndex(a => a.At);
    }
}
