using System.Text;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// What an attempt's history keeps of the request it sent. Taken from the finished request itself, so it
/// shows what really went out (defaults, overrides, the Standard Webhooks headers), with every value that
/// came from the webhook's own headers, and the signature, masked as the API masks header values, and the
/// URL's query-string values masked.
/// </summary>
internal static class SentRequestSnapshot
{
    public static SentRequest Of(HttpRequestMessage request, Webhook webhook)
    {
        // Header names are not secret (the API shows them); the values are. A user header may also have
        // replaced a default (Content-Type, User-Agent): then its value is the user's, and masked too.
        var secret = new HashSet<string>(webhook.Headers.Keys, StringComparer.OrdinalIgnoreCase) { WebhookSignature.SignatureHeader };
        var headers = new Dictionary<string, string>();
        // NonValidated: the raw values as they will be written, without parsing (or rejecting) them here.
        foreach (var (name, values) in request.Headers.NonValidated)
            headers[name] = Shown(name, values.ToString(), secret);
        if (request.Content is not null)
            foreach (var (name, values) in request.Content.Headers.NonValidated)
                headers[name] = Shown(name, values.ToString(), secret);

        return new SentRequest(request.Method.Method, MaskQueryValues(request.RequestUri!.OriginalString), headers, Bounded(webhook.Payload));
    }

    /// <summary>
    /// The URL with every query-string value masked (<c>?token=****</c>): receivers often take a token in the query,
    /// and the history is read by anyone with read access to the webhook. Names stay, as header names do.
    /// </summary>
    public static string MaskQueryValues(string url) => WebhookSecrets.MaskQueryValues(url);

    private static string Shown(string name, string value, HashSet<string> secret) =>
        secret.Contains(name) ? WebhookSecrets.Mask(value) : value;

    private static string? Bounded(string? body)
    {
        if (body is null || Encoding.UTF8.GetByteCount(body) <= Execution.MaxRequestBodyBytes)
            return body;
        // Cut on a byte boundary as response bodies are; a character split in two shows as U+FFFD.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body), 0, Execution.MaxRequestBodyBytes);
    }
}
