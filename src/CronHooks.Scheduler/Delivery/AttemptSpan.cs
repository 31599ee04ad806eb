using System.Diagnostics;
using CronHooks.Domain.Executions;
using CronHooks.Infrastructure.Observability;

namespace CronHooks.Scheduler.Delivery;

/// <summary>
/// The trace span of one delivery attempt: everything the attempt does (loading the webhook, the HTTP
/// request, writing the outcome) happens inside it, so the HttpClient and Npgsql spans are its children,
/// and the receiver gets a <c>traceparent</c> of the same trace.
/// </summary>
internal static class AttemptSpan
{
    public const string Name = "webhook.deliver";

    public const string WebhookId = "cronhooks.webhook.id";
    public const string ExecutionId = "cronhooks.execution.id";
    public const string AttemptNumber = "cronhooks.attempt.number";
    public const string Trigger = "cronhooks.trigger";
    public const string Outcome = "cronhooks.delivery.outcome";
    // The OTel semantic conventions' names, so generic dashboards and error views pick them up.
    public const string ErrorType = "error.type";
    public const string ResponseCode = "http.response.status_code";

    /// <summary>Starts the attempt's span (null when nothing listens), as the root of a trace of its own.</summary>
    /// <remarks>
    /// Kind Internal: the HttpClient span below it is the Client span of the request, and the semantic
    /// conventions want one Client span per outgoing call. A root, because an attempt is a unit of work of
    /// its own; whatever happened to be current in the delivery loop is not its cause.
    /// </remarks>
    public static Activity? Start(ClaimedAttempt claim)
    {
        Activity.Current = null;
        var span = TelemetryServices.ActivitySource.StartActivity(Name, ActivityKind.Internal);
        if (span is null)
            return null;
        span.SetTag(WebhookId, claim.WebhookId.ToString());
        span.SetTag(ExecutionId, claim.Id.ToString());
        span.SetTag(AttemptNumber, claim.AttemptNumber);
        span.SetTag(Trigger, claim.Trigger.ToString());
        return span;
    }

    /// <summary>Records the outcome as written (or not written: the lease was lost to another node).</summary>
    public static void Finish(Activity? span, AttemptOutcome outcome, bool written)
    {
        if (span is null)
            return;
        span.SetTag(Outcome, written ? OutcomeLabel(outcome.Status) : "lease_lost");
        if (outcome.ErrorKind is { } kind)
            span.SetTag(ErrorType, kind);
        if (outcome.ResponseCode is { } code)
            span.SetTag(ResponseCode, code);
        // A skip is a decision, not an error; a failed or retried send is.
        if (outcome.Status is ExecutionStatus.Failed or ExecutionStatus.Retrying)
            span.SetStatus(ActivityStatusCode.Error, outcome.ErrorKind);
    }

    /// <summary>The attempt was given back at shutdown, unsent or unrecorded.</summary>
    public static void Released(Activity? span) => span?.SetTag(Outcome, "released");

    /// <summary>The outcome as the metrics and the span name it: lower case, one word.</summary>
    public static string OutcomeLabel(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Success => "success",
        ExecutionStatus.Retrying => "retrying",
        ExecutionStatus.Skipped => "skipped",
        _ => "failed",
    };
}
