using CronHooks.Domain.Executions;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>A request ready to send, with the masked account of it that the attempt's history keeps.</summary>
/// <param name="Message">The request as it goes out: plaintext header values, signed.</param>
/// <param name="Sent">The same request with the webhook's header values and the signature masked.</param>
public sealed record DeliveryRequest(HttpRequestMessage Message, SentRequest Sent) : IDisposable
{
    public void Dispose() => Message.Dispose();
}
