namespace CronHooks.Domain.Executions;

/// <summary>
/// One attempt to call a webhook, as the history shows it: queued (<see cref="QueuedAttempt"/>, pending or
/// running) or finished (a row of the insert-only, partitioned <c>executions</c> table), under one id.
/// Read through the <c>all_executions</c> view; written by the delivery engine in SQL.
/// </summary>
public sealed class Execution
{
    /// <summary>How much of a response body is kept.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024;

    /// <summary>The longest error message kept (the column's length); see <see cref="CutErrorMessage"/>.</summary>
    public const int MaxErrorMessageLength = 2048;

    /// <summary>The longest machine-readable error kind (the columns' length).</summary>
    public const int MaxErrorKindLength = 64;

    /// <summary>The longest node name on a lease (the columns' length).</summary>
    public const int MaxLeaseOwnerLength = 200;

    /// <summary>How much of a request body is kept with the attempt.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    public Guid Id { get; init; }
    public Guid WebhookId { get; init; }

    /// <summary>The webhook's owner, copied so history stays scoped after the webhook is deleted.</summary>
    public Guid OwnerId { get; init; }

    public ExecutionStatus Status { get; set; }
    public int AttemptNumber { get; init; } = 1;
    public ExecutionTrigger Trigger { get; init; }

    /// <summary>The occurrence this attempt belongs to; all retries of an occurrence share it.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    /// <summary>When the attempt may be sent (the occurrence for a first attempt, later for a retry).</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ExecutedAt { get; set; }

    // What was sent (see SentRequest): all null for attempts that sent nothing, and for rows older than
    // these columns. Header values are stored masked, never in clear.
    public string? RequestMethod { get; set; }
    public string? RequestUrl { get; set; }
    public Dictionary<string, string>? RequestHeaders { get; set; }
    public string? RequestBody { get; set; }

    /// <summary>The request this attempt sent, or null when it sent none.</summary>
    public SentRequest? SentRequest => RequestMethod is null || RequestUrl is null
        ? null
        : new SentRequest(RequestMethod, RequestUrl, RequestHeaders ?? [], RequestBody);

    public int? DurationMs { get; set; }
    public int? ResponseCode { get; set; }
    public string? ResponseBody { get; set; }
    public bool ResponseTruncated { get; set; }

    /// <summary>A machine-readable failure kind (timeout, connection_refused, blocked_destination, …).</summary>
    public string? ErrorKind { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>The node that holds the attempt while it runs, and until when.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>An error message as it is kept: its first <see cref="MaxErrorMessageLength"/> characters.</summary>
    public static string? CutErrorMessage(string? message) =>
        message is { Length: > MaxErrorMessageLength } ? message[..MaxErrorMessageLength] : message;
}
