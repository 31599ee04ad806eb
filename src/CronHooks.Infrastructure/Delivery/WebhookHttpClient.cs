using CronHooks.Infrastructure.Delivery.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// The one HttpClient that delivers webhooks, held for the node's lifetime over the SSRF-safe handler.
/// Connections are pooled by that handler and replaced every few minutes (its PooledConnectionLifetime), so
/// DNS changes are picked up without rotating handlers through IHttpClientFactory. There is deliberately no
/// timeout, retry or circuit breaker in it: <see cref="WebhookSender"/> enforces the webhook's one deadline,
/// retries are durable rows in the queue (one per attempt, visible in the history), and a breaker
/// shared by all receivers would let one tenant's dead endpoint stop others.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    public WebhookHttpClient(DestinationPolicy policy, IDestinationResolver resolver, IOptions<DeliveryNetworkOptions> options)
    {
        // The SSRF boundary (connect-time address check, no proxy, no redirects, no cookies, no HTTP/3).
        // Add nothing here that follows redirects or sets a proxy: it would connect around the check.
        // No logging handler either: URLs can carry tokens in their query; the engine logs attempts itself, without the URL.
        var handler = new NoHttp3Handler { InnerHandler = SafeDeliveryHandler.Create(policy, resolver, options.Value) };
        // The deadline is per webhook (timeoutSeconds), enforced by WebhookSender.
        Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}

/// <summary>Registration of the delivery sender.</summary>
public static class WebhookDeliveryServices
{
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddDeliveryDestinationPolicy();
        services.AddSingleton<WebhookHttpClient>();
        services.AddSingleton<WebhookRequestFactory>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<Application.Common.Ports.IWebhookTestSender, WebhookTestSender>();
        return services;
    }
}
