using CronHooks.Domain.Executions;

namespace CronHooks.Application.Webhooks.Common;

/// <summary>
/// How a webhook has been doing lately, as the list shows it beside each webhook. The success rate uses
/// the statistics API's rule (docs/statistics.md): successes over attempts with a result (success,
/// failed, retrying) created in the last 24 hours; null when there were none.
/// </summary>
public sealed record WebhookActivity(ExecutionOutcome? LastResult, int Attempts24h, double? SuccessRate24h);

/// <summary>The most recently finished attempt of a webhook.</summary>
public sealed record ExecutionOutcome(Guid ExecutionId, ExecutionStatus Status, int? ResponseCode, string? ErrorKind, DateTimeOffset FinishedAt);
