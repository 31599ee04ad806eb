using CronHooks.Domain.Calendars;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class CalendarConfiguration : IEntityTypeConfiguration<Calendar>
{
    public void Configure(EntityTypeBuilder<Calendar> builder)
    {
        builder.HasKey(c => c.Id);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Name).HasMaxLength(Calendar.MaxNameLength);
        builder.Property(c => c.TimeZone).HasMaxLength(Webhook.MaxTimeZoneLength);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.HasIndex(c => new { c.OwnerId, c.Name });
    }
}
