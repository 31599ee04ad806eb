using CronHooks.Infrastructure.Delivery;
using CronHooks.Scheduler.Alerts;
using CronHooks.Scheduler.Common;
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
            .ValidateOnStart();
        // The host must wait for the drain (and the lease release after it) before it gives up on stopping.
        services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((host, delivery) =>
        {
            var needed = delivery.Value.DrainTimeout + TimeSpan.FromSeconds(10);
            if (host.ShutdownTimeout < needed)
                host.ShutdownTimeout = needed;
        });

        services.AddWebhookDelivery();
        services.AddSchedulerNode();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<QueueClaims>();
        services.AddSingleton<HistoryWriter>();
        services.AddSingleton<HistoryPartitions>();
        services.AddSingleton<ExpiredLoginFailures>();
        services.AddSingleton<ExpiredAuditEntries>();
        services.AddSingleton<OutcomeWriter>();
        services.AddSingleton<QueueVacuum>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueVacuum>());
        services.AddSingleton<OverlapCheck>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<Pausing.SkipNextCounter>();
        services.AddSingleton<HolidayCheck>();
        services.AddHostedService<QueueListener>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<HistoryUpkeepService>();
        // Alerts are queued as outcomes are recorded (HistoryWriter), so they come with the engine.
        services.AddAlerts();
        return services;
    }
}
