using System.Net.Http.Headers;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>Puts a webhook's custom headers and its Standard Webhooks signature on an outgoing delivery request.</summary>
public static class DeliveryRequestSecurity
{
    /// <summary>
    /// Adds the user's headers (content headers such as Content-Type go on the content) and then
    /// <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> over <paramref name="body"/>,
    /// which must be exactly the bytes sent (empty when there is no body). Reserved names were refused when
    /// the webhook was saved; the signature headers are set last regardless, so they cannot be forged.
    /// </summary>
    public static void Apply(HttpRequestMessage request, DeliverySecrets secrets, string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        foreach (var (name, value) in secrets.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        SetHeader(request.Headers, WebhookSignature.IdHeader, messageId);
        SetHeader(request.Headers, WebhookSignature.TimestampHeader, WebhookSignature.Timestamp(timestamp));
        SetHeader(request.Headers, WebhookSignature.SignatureHeader, WebhookSignature.Sign(secrets.SigningSecrets, messageId, timestamp, body));
    }

    private static void SetHeader(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
