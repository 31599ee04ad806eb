using CronHooks.Domain.Executions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CronHooks.Infrastructure.Persistence.Configurations;

internal sealed class ExecutionConfiguration : IEntityTypeConfiguration<Execution>
{
    /// <summary>Queued and finished attempts together (a UNION ALL of execution_queue and executions).</summary>
    public const string View = "all_executions";

    public void Configure(EntityTypeBuilder<Execution> builder)
    {
        // Read-only here: the queue and the history are written in SQL (QueuedAttempt for run-now). Their tables,
        // the partitions and the view are created by the QueueAndHistory migration, not from this model.
        builder.ToView(View);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ErrorKind).HasMaxLength(Execution.MaxErrorKindLength);
        builder.Property(e => e.ErrorMessage).HasMaxLength(Execution.MaxErrorMessageLength);
        builder.Property(e => e.LeaseOwner).HasMaxLength(Execution.MaxLeaseOwnerLength);
        builder.Property(e => e.RequestHeaders).HasColumnType("jsonb");
        builder.Ignore(e => e.SentRequest);
    }
}
