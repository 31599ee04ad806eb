using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace CronHooks.Infrastructure.Observability;

/// <summary>
/// Prometheus metrics (prometheus-net, a stable exporter) for both services. Each host has its own
/// registry rather than the process-wide default one, so hosts started side by side in tests (or a
/// host stopped and started again) never share or leak collectors.
/// </summary>
public static class MetricsServices
{
    public const string Path = "/metrics";

    private const string RouteLabel = "endpoint";
    private static readonly object RouteKey = new();

    /// <summary>The registry, process metrics and the bridge from .NET meters (runtime, Npgsql pool).</summary>
    public static IServiceCollection AddCronHooksMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.TryAddSingleton<IMetricFactory>(sp => Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, MeterBridge>());
        return services;
    }

    /// <summary>
    /// A scheduler node's metrics: the delivery and clock instruments (<see cref="SchedulerMetrics"/>)
    /// and the database-polled gauges (<see cref="QueueMetrics"/>) — queue depth and age, outbox lag, live nodes.
    /// </summary>
    public static IServiceCollection AddSchedulerMetrics(this IServiceCollection services)
    {
        services.AddCronHooksMetrics();
        services.TryAddSingleton<SchedulerMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, QueueMetrics>());
        return services;
    }

    /// <summary>
    /// Counts and times every request by route pattern (never the raw path, which would make one series
    /// per webhook id), method and status: http_requests_received_total, http_request_duration_seconds.
    /// Place it outside the exception handler, so the status is the one the client got.
    /// </summary>
    public static IApplicationBuilder UseCronHooksHttpMetrics(this IApplicationBuilder app)
    {
        var factory = app.ApplicationServices.GetRequiredService<IMetricFactory>();
        app.UseHttpMetrics(options =>
        {
            options.SetMetricFactory(factory);
            options.AddCustomLabel(RouteLabel, context => context.Items.TryGetValue(RouteKey, out var route) ? route as string ?? "" : "");
        });
        // The exception handler clears the endpoint before it writes the problem response, so the route
        // is remembered on the way in; otherwise every 404/409/500 would be counted under no route.
        return app.Use((context, next) =>
        {
            context.Items[RouteKey] = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            return next(context);
        });
    }

    /// <summary>
    /// The scrape endpoint. Anonymous, like /health: restrict it at the network (scrape from inside the
    /// cluster; do not route it from the public ingress).
    /// </summary>
    public static IEndpointConventionBuilder MapCronHooksMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMetrics(Path, endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>());
}
