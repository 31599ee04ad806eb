using CronHooks.Domain.Executions;

namespace CronHooks.Application.Webhooks.TestWebhook;

/// <summary>Whether a test send would have counted as a successful attempt.</summary>
public enum WebhookTestVerdict
{
    /// <summary>The receiver answered 2xx, or what the webhook's success criteria accept.</summary>
    Success,

    /// <summary>Anything else: a status, a failed success criterion, a timeout, a refused or blocked connection (see <c>errorKind</c>).</summary>
    Failure,
}

/// <summary>
/// What one test send came to. Nothing of it is stored: no history row, no statistics, no alert.
/// </summary>
/// <param name="Verdict">Success when the answer meets the webhook's success criteria (any 2xx without them), as a scheduled attempt is judged.</param>
/// <param name="SentAt">When the request was sent.</param>
/// <param name="DurationMs">From sending to the end of the response body, or to the failure.</param>
/// <param name="ResponseCode">The receiver's status code, when it answered.</param>
/// <param name="ResponseHeaders">The receiver's response headers (at most 50, values cut at 1,024 characters).</param>
/// <param name="ResponseBody">At most 64 KiB of the response body, as text.</param>
/// <param name="ResponseTruncated">The body was longer than what is shown.</param>
/// <param name="ErrorKind">Why it failed, as in an execution's <c>errorKind</c> (e.g. <c>http_status</c>, <c>timeout</c>, <c>blocked_destination</c>).</param>
/// <param name="ErrorMessage">A sentence saying what went wrong.</param>
/// <param name="Request">The request as sent, header values from the webhook and the signature masked.</param>
public sealed record WebhookTestResponse(
    WebhookTestVerdict Verdict,
    DateTimeOffset SentAt,
    int DurationMs,
    int? ResponseCode,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseBody,
    bool ResponseTruncated,
    string? ErrorKind,
    string? ErrorMessage,
    SentRequest? Request);
