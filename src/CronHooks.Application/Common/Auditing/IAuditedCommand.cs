namespace CronHooks.Application.Common.Auditing;

/// <summary>A command whose changes to webhooks, calendars, API keys and users are written to the audit log (see <see cref="AuditBehavior{TMessage, TResponse}"/>).</summary>
public interface IAuditedCommand;

/// <summary>An audited command an administrator gives about someone else's resources: recorded with actor kind admin.</summary>
public interface IAdminCommand : IAuditedCommand;
