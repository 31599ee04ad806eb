using CronHooks.Application.Webhooks.TestWebhook;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Application.Common.Ports;

/// <summary>Sends a webhook once, now, through the delivery path (SSRF rules, headers, signing), and records nothing.</summary>
public interface IWebhookTestSender
{
    /// <param name="webhook">As stored: secrets encrypted (a definition under test is encrypted with a throwaway id first).</param>
    /// <param name="now">The send time, also the occurrence its <c>webhook-id</c> is derived from (each test gets its own).</param>
    /// <param name="cancellationToken">The request's; the send itself is bounded by the webhook's timeout.</param>
    Task<WebhookTestResponse> SendAsync(Webhook webhook, DateTimeOffset now, CancellationToken cancellationToken);
}
