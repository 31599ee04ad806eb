using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// The one place a webhook and an occurrence become the request that is sent. Everything that shapes
/// the outgoing bytes belongs here (the security work adds header decryption and the signature), so the
/// delivery engine and any future "test this webhook" endpoint cannot drift apart.
/// </summary>
public sealed class WebhookRequestFactory
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary><c>CronHooks/&lt;version&gt;</c>, unless the webhook sets its own User-Agent.</summary>
    public static readonly string UserAgent = "CronHooks/" + ProductVersion();

    /// <param name="webhook">The webhook as loaded from the database.</param>
    /// <param name="scheduledFor">The occurrence: every attempt of it carries the same <c>webhook-id</c>.</param>
    /// <param name="sentAt">This attempt's send time, as <c>webhook-timestamp</c>.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An injected service: the security work gives it the secret decryption and signing it needs.")]
    public HttpRequestMessage Create(Webhook webhook, DateTimeOffset scheduledFor, DateTimeOffset sentAt)
    {
        var request = new HttpRequestMessage(ToHttpMethod(webhook.HttpMethod), new Uri(webhook.Url, UriKind.Absolute));
        if (webhook.Payload is not null)
            // The stored text's bytes, unchanged: no re-serialisation, no charset parameter added.
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(webhook.Payload));

        foreach (var (name, value) in webhook.Headers)
        {
            if (IsContentHeader(name))
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Content is { } content && content.Headers.ContentType is null)
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!request.Headers.Contains("User-Agent"))
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        // Ours always win: a receiver deduplicates on webhook-id, so a user value must never replace it.
        request.Headers.Remove(IdHeader);
        request.Headers.Remove(TimestampHeader);
        request.Headers.TryAddWithoutValidation(IdHeader, WebhookMessageId.For(webhook.Id, scheduledFor));
        request.Headers.TryAddWithoutValidation(TimestampHeader, sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return request;
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

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Expires", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Allow", StringComparison.OrdinalIgnoreCase);

    private static string ProductVersion()
    {
        var informational = typeof(WebhookRequestFactory).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // Drop the "+commit" build metadata: receivers see a plain version.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
