using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery.Security;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// The one place a webhook and an occurrence become the request that is sent: decrypted custom headers,
/// defaults, and the Standard Webhooks id, timestamp and signature over the exact body bytes. The delivery
/// engine and any future "test this webhook" endpoint build requests here so they cannot drift apart.
/// </summary>
public sealed class WebhookRequestFactory(ISecretProtector protector)
{
    /// <summary><c>CronHooks/&lt;version&gt;</c>, unless the webhook sets its own User-Agent.</summary>
    public static readonly string UserAgent = "CronHooks/" + ProductVersion();

    /// <param name="webhook">The webhook as loaded from the database (secrets encrypted).</param>
    /// <param name="scheduledFor">The occurrence: every attempt of it carries the same <c>webhook-id</c>.</param>
    /// <param name="sentAt">This attempt's send time: <c>webhook-timestamp</c>, and the instant a rotated-out secret's grace is judged at.</param>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A stored secret cannot be decrypted (key missing, value altered); the message names no secret.</exception>
    /// <returns>The request to send, and what the attempt's history keeps of it (secrets masked).</returns>
    public DeliveryRequest Create(Webhook webhook, DateTimeOffset scheduledFor, DateTimeOffset sentAt)
    {
        var secrets = protector.RevealForDelivery(webhook, sentAt);
        // The stored text's bytes, unchanged: no re-serialisation, no charset parameter added. The
        // signature is computed over these very bytes.
        var body = webhook.Payload is null ? [] : Encoding.UTF8.GetBytes(webhook.Payload);

        var request = new HttpRequestMessage(ToHttpMethod(webhook.HttpMethod), new Uri(webhook.Url, UriKind.Absolute));
        try
        {
            if (webhook.Payload is not null)
            {
                request.Content = new ByteArrayContent(body);
                // Set before the user's headers are applied, so a Content-Type of theirs replaces it.
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            // The user's headers, then webhook-id/-timestamp/-signature last, so none of ours can be replaced.
            DeliveryRequestSecurity.Apply(request, secrets, WebhookMessageId.For(webhook.Id, scheduledFor), sentAt, body);

            if (!request.Headers.Contains("User-Agent"))
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            return new DeliveryRequest(request, SentRequestSnapshot.Of(request, webhook));
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static HttpMethod ToHttpMethod(WebhookHttpMethod method) => method switch
    {
        WebhookHttpMethod.Get => HttpMethod.Get,
        WebhookHttpMethod.Post => HttpMethod.Post,
        WebhookHttpMethod.Put => HttpMethod.Put,
        WebhookHttpMethod.Patch => HttpMethod.Patch,
        WebhookHttpMethod.Delete => HttpMethod.Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown HTTP method."),
    };

    private static string ProductVersion()
    {
        var informational = typeof(WebhookRequestFactory).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // Drop the "+commit" build metadata: receivers see a plain version.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
