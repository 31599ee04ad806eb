namespace CronHooks.Scheduler.Delivery;

/// <summary>The delivery engine: claims due attempts from the executions queue and sends them.</summary>
internal static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration) => services;
}
