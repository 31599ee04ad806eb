using CronHooks.Infrastructure.Delivery.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace CronHooks.Infrastructure.Delivery;

/// <summary>
/// The HttpClient that delivers webhooks: IHttpClientFactory for connection pooling and handler
/// rotation, a Polly pipeline for the per-attempt timeout only. There is deliberately no retry or
/// circuit breaker in it: retries are durable rows in the executions table (one per attempt, visible in
/// the history), and a breaker shared by all receivers would let one tenant's dead endpoint stop others.
/// </summary>
public static class WebhookHttpClient
{
    public const string Name = "webhooks";

    /// <summary>The attempt's deadline, set on each request by <see cref="WebhookSender"/>.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("CronHooks.AttemptTimeout");

    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddSingleton<WebhookRequestFactory>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(Name)
            // The SSRF boundary (connect-time address check, no proxy, no redirects, no cookies, no HTTP/3).
            // Add nothing here that follows redirects or sets a proxy: it would connect around the check.
            .UseSafeDeliveryHandler()
            // The deadline is per webhook (timeoutSeconds), enforced by the pipeline and WebhookSender.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // URLs can carry tokens in their query; the engine logs attempts itself, without the URL.
            .RemoveAllLoggers()
            .AddResilienceHandler("attempt", pipeline => pipeline.AddTimeout(new HttpTimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(
                    args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(AttemptTimeout, out var timeout)
                        ? timeout
                        : TimeSpan.FromSeconds(30)),
            }));
        return services;
    }
}
