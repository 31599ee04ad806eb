using CronHooks.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class ScheduleChangeConfiguration : IEntityTypeConfiguration<ScheduleChange>
{
    public void Configure(EntityTypeBuilder<ScheduleChange> builder)
    {
        builder.ToTable("schedule_outbox");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.ScheduleKey).HasMaxLength(Domain.Scheduling.ScheduleKey.MaxLength);
        // All the rows of a key are applied at once, and reconciliation walks the keys in order.
        builder.HasIndex(c => new { c.ScheduleKey, c.Id });
    }
}
