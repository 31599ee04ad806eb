using CronHooks.Domain.Audit;
using CronHooks.Domain.Calendars;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Users;
using CronHooks.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CronHooks.Application.Common.Ports;

/// <summary>
/// The application's view of the database. Handlers query it directly (no repository layer):
/// EF Core already is the unit of work and the repository.
/// </summary>
public interface IApplicationDbContext
{
    DbSet<User> Users { get; }
    DbSet<ApiKey> ApiKeys { get; }

    /// <summary>Recent failed logins, for the lockout.</summary>
    DbSet<LoginFailure> LoginFailures { get; }
    DbSet<Webhook> Webhooks { get; }

    /// <summary>Each user's webhook count in slots (sum them), kept by the database.</summary>
    DbSet<WebhookCount> WebhookCounts { get; }
    /// <summary>Every attempt, queued or finished, newest first by <c>CreatedAt</c>; read-only.</summary>
    DbSet<Execution> Executions { get; }

    /// <summary>Attempts waiting to be sent or being sent; inserting one wakes the delivery nodes.</summary>
    DbSet<QueuedAttempt> Queue { get; }

    /// <summary>The transactional outbox that scheduler nodes read to keep triggers in step.</summary>
    DbSet<ScheduleChange> ScheduleChanges { get; }

    /// <summary>Who changed which webhook, API key or user; written by the audit behaviour only.</summary>
    DbSet<AuditEntry> AuditEntries { get; }

    /// <summary>Queued and sent alerts and callbacks; the API reads an attempt's callbacks from it.</summary>
    DbSet<Domain.Alerts.Alert> Alerts { get; }

    /// <summary>Users' holiday and business-day calendars, which webhooks reference.</summary>
    DbSet<Calendar> Calendars { get; }

    /// <summary>The pending changes; the audit behaviour reads them to record field-level diffs.</summary>
    ChangeTracker ChangeTracker { get; }

    /// <summary>Raised at the start of every save, inside its transaction: audit rows are added here.</summary>
    event EventHandler<SavingChangesEventArgs>? SavingChanges;

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
