using CronHooks.Domain.Callbacks;

namespace CronHooks.Application.Executions.GetExecution;

/// <summary>
/// One callback an attempt caused, as the execution page shows it: where it went (<c>callbackUrl</c> or
/// <c>failureCallbackUrl</c>), how its sends went (<c>pending</c> and <c>sending</c> while it is being tried,
/// then <c>sent</c>, <c>failed</c> or <c>dropped</c>), and the last send's answer or error.
/// </summary>
public sealed record ExecutionCallbackResponse(
    Guid Id,
    string Target,
    CallbackStatus Status,
    int Attempts,
    int? LastResponseCode,
    string? LastErrorKind,
    string? LastErrorMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt);
