namespace CronHooks.Infrastructure.Delivery;

/// <summary>What one HTTP attempt came to. A delivery's outcome is data, never an exception.</summary>
/// <param name="Succeeded">The receiver answered 2xx.</param>
/// <param name="ResponseCode">The receiver's status code, when it answered.</param>
/// <param name="ResponseBody">At most <see cref="Domain.Executions.Execution.MaxResponseBodyBytes"/> of the body, as text.</param>
/// <param name="ResponseTruncated">The body was longer than what is kept; the rest was discarded unread.</param>
/// <param name="ErrorKind">One of <see cref="DeliveryErrorKinds"/> when the attempt failed.</param>
/// <param name="ErrorMessage">A human-readable account of the failure.</param>
/// <param name="Duration">From sending to the end of the body (or the failure).</param>
/// <param name="RetryAfter">What a 429 or 503 asked for with <c>Retry-After</c>, relative to the response.</param>
public sealed record DeliveryResult(
    bool Succeeded,
    int? ResponseCode,
    string? ResponseBody,
    bool ResponseTruncated,
    string? ErrorKind,
    string? ErrorMessage,
    TimeSpan Duration,
    TimeSpan? RetryAfter)
{
    /// <summary>Nothing was sent: the request could not even be made (<paramref name="kind"/> says why).</summary>
    public static DeliveryResult NotSent(string kind, string message) => new(false, null, null, false, kind, message, TimeSpan.Zero, null);
}

/// <summary>Machine-readable failure kinds recorded in <c>executions.error_kind</c>.</summary>
public static class DeliveryErrorKinds
{
    /// <summary>The receiver answered with a status other than 2xx or 3xx.</summary>
    public const string HttpStatus = "http_status";
    /// <summary>The receiver answered 3xx; redirects are not followed.</summary>
    public const string Redirect = "redirect";
    /// <summary>No complete answer (headers and body) within the webhook's timeout.</summary>
    public const string Timeout = "timeout";
    public const string ConnectionRefused = "connection_refused";
    public const string DnsFailure = "dns_failure";
    public const string TlsError = "tls_error";
    public const string ConnectionError = "connection_error";
    /// <summary>The receiver closed the connection or sent something that is not HTTP.</summary>
    public const string InvalidResponse = "invalid_response";
    /// <summary>The request could not be built or sent as configured (e.g. a malformed URL or header).</summary>
    public const string InvalidRequest = "invalid_request";
    /// <summary>The host is, or resolves to, a private or reserved address not allowed by Delivery:AllowedNetworks; nothing was sent.</summary>
    public const string BlockedDestination = Security.BlockedDestinationException.ErrorKind;
    /// <summary>A stored header value or signing secret could not be decrypted (key missing from Secrets:Keys, or the value altered); nothing was sent.</summary>
    public const string SecretUnreadable = "secret_unreadable";

    // Skips: nothing was sent.
    public const string WebhookDeleted = "webhook_deleted";
    public const string WebhookCancelled = "webhook_cancelled";
    public const string OutsideWindow = "outside_window";
    /// <summary>The account's attempts per minute were used up for longer than the quota lets an attempt wait.</summary>
    public const string QuotaExceeded = "quota_exceeded";
    /// <summary>An administrator disabled the webhook's owner.</summary>
    public const string OwnerDisabled = "owner_disabled";

    /// <summary>The receiver answered, but the webhook's success criteria did not accept the answer.</summary>
    public const string AssertionFailed = "assertion_failed";
    /// <summary>Its owner paused the webhook, or asked to skip this occurrence (skipNext).</summary>
    public const string Paused = "paused";
    /// <summary>The occurrence was due while no scheduler node ran, and the webhook's catch-up window or missedRunPolicy did not run it.</summary>
    public const string Missed = "missed";
    /// <summary>An earlier occurrence of the webhook was still pending, running or retrying (overlapPolicy skip or bufferOne).</summary>
    public const string Overlap = "overlap";
    /// <summary>A retry dropped because a later occurrence of the webhook began (overlapPolicy cancelPrevious).</summary>
    public const string Superseded = "superseded";
    /// <summary>The occurrence fell on a day off in one of the webhook's calendars (or its move to the next business day would double a run).</summary>
    public const string Holiday = "holiday";
}
