using System.Security.Cryptography;
using CronHooks.Application.Common.Ports;
using CronHooks.Application.Webhooks.TestWebhook;
using CronHooks.Domain.Executions;
using CronHooks.Domain.Webhooks;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>A test send: the request an attempt would send (same factory, same SSRF-safe client), marked as a test.</summary>
internal sealed class WebhookTestSender(WebhookRequestFactory requests, WebhookSender sender) : IWebhookTestSender
{
    /// <summary>Tells receivers this request is a test, not an occurrence (it is not covered by the signature).</summary>
    public const string TestHeader = "CronHooks-Test";

    private const int MaxHeaders = 50;
    private const int MaxHeaderValueLength = 1_024;

    public async Task<WebhookTestResponse> SendAsync(Webhook webhook, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DeliveryRequest request;
        try
        {
            request = requests.Create(webhook, now, now);
        }
        catch (CryptographicException e)
        {
            return Failed(now, DeliveryErrorKinds.SecretUnreadable, e.Message, null);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or InvalidOperationException)
        {
            return Failed(now, DeliveryErrorKinds.InvalidRequest, e.Message, null);
        }

        using (request)
        {
            request.Message.Headers.TryAddWithoutValidation(TestHeader, "true");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var result = await sender.SendAsync(request.Message, TimeSpan.FromSeconds(webhook.TimeoutSeconds), cancellationToken,
                response => Collect(response, headers));
            result = SuccessJudgement.Judge(result, webhook.SuccessCriteria);
            return new WebhookTestResponse(
                result.Succeeded ? WebhookTestVerdict.Success : WebhookTestVerdict.Failure, now,
                (int)Math.Round(result.Duration.TotalMilliseconds), result.ResponseCode, headers, result.ResponseBody, result.ResponseTruncated,
                result.ErrorKind, result.ErrorMessage, request.Sent);
        }
    }

    private static void Collect(HttpResponseMessage response, Dictionary<string, string> into)
    {
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            if (into.Count == MaxHeaders)
                return;
            var value = values.ToString();
            into[name] = value.Length <= MaxHeaderValueLength ? value : value[..MaxHeaderValueLength];
        }
    }

    private static WebhookTestResponse Failed(DateTimeOffset now, string kind, string message, SentRequest? sent) =>
        new(WebhookTestVerdict.Failure, now, 0, null, new Dictionary<string, string>(), null, false, kind, message, sent);
}
