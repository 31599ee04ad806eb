using CronHooks.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class LoginFailureConfiguration : IEntityTypeConfiguration<LoginFailure>
{
    public void Configure(EntityTypeBuilder<LoginFailure> builder)
    {
        builder.HasKey(f => f.Id);
        // No foreign key: failures for unknown usernames count the same, so the answer reveals nothing.
        builder.Property(f => f.Username).HasMaxLength(64);
        builder.HasIndex(f => new { f.Username, f.FailedAt });
    }
}
