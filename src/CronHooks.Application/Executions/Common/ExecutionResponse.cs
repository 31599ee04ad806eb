using CronHooks.Domain.Executions;

namespace CronHooks.Application.Executions.Common;

/// <summary>
/// One attempt to call a webhook, as the API shows it. <c>request</c> is what the attempt sent (the webhook's
/// header values and the signature masked); it is null when the attempt sent nothing, and for attempts
/// recorded before requests were kept.
/// </summary>
public sealed record ExecutionResponse(
    Guid Id,
    Guid WebhookId,
    ExecutionStatus Status,
    int AttemptNumber,
    ExecutionTrigger Trigger,
    DateTimeOffset ScheduledFor,
    DateTimeOffset DueAt,
    DateTimeOffset? ExecutedAt,
    int? DurationMs,
    SentRequest? Request,
    int? ResponseCode,
    string? ResponseBody,
    bool ResponseTruncated,
    string? ErrorKind,
    string? ErrorMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static ExecutionResponse From(Execution e) => new(
        e.Id, e.WebhookId, e.Status, e.AttemptNumber, e.Trigger, e.ScheduledFor, e.DueAt, e.ExecutedAt,
        e.DurationMs, e.SentRequest, e.ResponseCode, e.ResponseBody, e.ResponseTruncated, e.ErrorKind, e.ErrorMessage,
        e.CreatedAt, e.FinishedAt);

    /// <summary>The callbacks this attempt caused, oldest first; only on the single execution (null in lists).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GetExecution.ExecutionCallbackResponse>? Callbacks { get; init; }
}
