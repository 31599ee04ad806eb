using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Alerts;
using Microsoft.Extensions.Options;

namespace CronHooks.Scheduler.Delivery;

/// <summary>The delivery engine: claims due attempts from the queue and sends them.</summary>
internal static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MaxInFlightPerOwner <= o.MaxConcurrency + o.PrefetchOrDefault,
                "Delivery:MaxInFlightPerOwner cannot exceed Delivery:MaxConcurrency plus Delivery:Prefetch.")
            .Validate(o => o.RetentionInterval * 2 <= o.HistoryPartitionWidth * o.HistoryPartitionsAhead,
                "Delivery:RetentionInterval must be at most half of Delivery:HistoryPartitionWidth × Delivery:HistoryPartitionsAhead, or partitions run out.")
            .ValidateOnStart();
        // The host must wait for the drain (and the lease release after it) before it gives up on stopping.
        services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((host, delivery) =>
        {
            var needed = delivery.Value.DrainTimeout + TimeSpan.FromSeconds(10);
            if (host.ShutdownTimeout < needed)
                host.ShutdownTimeout = needed;
        });

        services.AddWebhookDelivery();
        services.AddSingleton<DeliveryNode>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<QueueClaims>();
        services.AddSingleton<HistoryWriter>();
        services.AddSingleton<HistoryPartitions>();
        services.AddSingleton<ExpiredLoginFailures>();
        services.AddSingleton<ExpiredAuditEntries>();
        services.AddSingleton<OutcomeWriter>();
        services.AddSingleton<AttemptRunner>();
        services.AddHostedService<QueueListener>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<HistoryUpkeepService>();
        // Alerts are queued as outcomes are recorded (HistoryWriter), so they come with the engine.
        services.AddAlerts();
        return services;
    }
}
