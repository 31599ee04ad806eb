using System.Net.Http.Headers;
using System.Security.Cryptography;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.Common;
using CronHooks.Domain.Callbacks;
using CronHooks.Domain.Scheduling;
using CronHooks.Domain.Webhooks;
using CronHooks.Infrastructure.Delivery;
using CronHooks.Infrastructure.Delivery.Security;
using CronHooks.Scheduler.Callbacks;
using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Alerts;

/// <summary>
/// Sends one alert to its webhook's alert URL through the delivery path: the SSRF-safe client
/// (<see cref="WebhookSender"/>) and the Standard Webhooks signature of deliveries, under the alert secret(s)
/// derived from the webhook's signing secret(s) (<see cref="SigningSecret.ForAlerts"/>), so an alert never
/// verifies as a delivery. The webhook's custom headers are not sent: they are credentials for its receiver,
/// not for wherever its alerts go.
/// </summary>
public sealed class AlertSender(ISecretProtector protector, WebhookSender sender, TimeProvider clock, IOptions<AlertOptions> options)
{
    /// <summary>The <c>webhook-id</c> of an alert: the same for every send of it, by any node, so receivers can drop repeats.</summary>
    public static string MessageId(Guid alertId) => WebhookMessageId.Prefix + alertId.ToString("N");

    /// <summary>Sends <paramref name="alert"/> once; <paramref name="webhook"/> is the webhook as loaded now (null when it was deleted).</summary>
    public async Task<AlertOutcome> SendAsync(ClaimedAlert alert, Webhook? webhook, CancellationToken cancellationToken)
    {
        var callback = CallbackKinds.IsCallback(alert.Kind);
        if (webhook is null || (callback ? CallbackNotification.UrlFor(alert.Kind, webhook) : webhook.AlertUrl) is null)
            return AlertOutcome.Dropped(
                webhook is null ? "The webhook was deleted before the alert was sent."
                : callback ? "The webhook's callback URL was removed before the callback was sent."
                : "The webhook's alert URL was removed before the alert was sent.");

        var settings = options.Value;
        var sentAt = clock.GetUtcNow();
        DeliveryResult result;
        try
        {
            // Callbacks share this path (queue, retries, SSRF checks, the alert signature); only their body and URL differ.
            var body = callback ? CallbackNotification.For(alert, webhook.Name).ToUtf8Json() : AlertNotification.For(alert, webhook.Name).ToUtf8Json();
            var url = callback ? CallbackNotification.UrlFor(alert.Kind, webhook)! : protector.RevealAlertUrl(webhook)!;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Absolute)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var revealed = protector.RevealForDelivery(webhook, sentAt);
            var secrets = revealed with { Headers = new Dictionary<string, string>(), SigningSecrets = [.. revealed.SigningSecrets.Select(SigningSecret.ForAlerts)] };
            DeliveryRequestSecurity.Apply(request, secrets, MessageId(alert.Id), sentAt, body);
            request.Headers.TryAddWithoutValidation("User-Agent", WebhookRequestFactory.UserAgent);
            result = await sender.SendAsync(request, settings.Timeout, cancellationToken);
        }
        catch (CryptographicException e)
        {
            result = DeliveryResult.NotSent(DeliveryErrorKinds.SecretUnreadable, e.Message);
        }
        catch (UriFormatException e)
        {
            result = DeliveryResult.NotSent(DeliveryErrorKinds.InvalidRequest, e.Message);
        }

        if (result.Succeeded)
            return AlertOutcome.Sent(result.ResponseCode);
        // Refused by the SSRF policy: sending again would be refused again; nothing ever left the node.
        if (result.ErrorKind == DeliveryErrorKinds.BlockedDestination || alert.Attempts >= settings.MaxAttempts)
            return AlertOutcome.Failed(result);
        return AlertOutcome.Pending(result, DelayAfter(alert.Attempts, result.RetryAfter));
    }

    /// <summary>The deliveries' back-off rule, from <see cref="AlertOptions.FirstRetryDelay"/> up to <see cref="AlertOptions.MaxRetryDelay"/>.</summary>
    private TimeSpan DelayAfter(int attempts, TimeSpan? retryAfter) =>
        RetryPolicy.DelayAfter(attempts, options.Value.FirstRetryDelay, options.Value.MaxRetryDelay, retryAfter);
}
