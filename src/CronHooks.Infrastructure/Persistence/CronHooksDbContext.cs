using CronHooks.Application.Common.Ports;
using CronHooks.Domain.Alerts;
using CronHooks.Domain.Audit;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CronHooks.Infrastructure.Persistence;

public sealed class CronHooksDbContext(DbContextOptions<CronHooksDbContext> options) : DbContext(options), IApplicationDbContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookCount> WebhookCounts => Set<WebhookCount>();
    public DbSet<Execution> Executions => Set<Execution>();
    public DbSet<QueuedAttempt> Queue => Set<QueuedAttempt>();
    public DbSet<ScheduleChange> ScheduleChanges => Set<ScheduleChange>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Domain.Calendars.Calendar> Calendars => Set<Domain.Calendars.Calendar>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CronHooksDbContext).Assembly);
}
