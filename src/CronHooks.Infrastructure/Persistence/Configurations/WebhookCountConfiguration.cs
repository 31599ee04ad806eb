using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class WebhookCountConfiguration : IEntityTypeConfiguration<WebhookCount>
{
    public void Configure(EntityTypeBuilder<WebhookCount> builder)
    {
        builder.HasKey(c => new { c.OwnerId, c.Slot });
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
