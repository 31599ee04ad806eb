namespace CronHooks.Domain.Executions;

/// <summary>
/// The request one attempt sent (or tried to send), as its history keeps it. Safe to store and show: the
/// values of the webhook's own headers and the signature are masked, and the body is bounded.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Url">The URL the request went to.</param>
/// <param name="Headers">Header name to value as sent; the webhook's own header values and <c>webhook-signature</c> are masked.</param>
/// <param name="Body">At most 64 KiB (<see cref="Execution.MaxRequestBodyBytes"/>) of the body, as text; null when there was none.</param>
public sealed record SentRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string? Body);
