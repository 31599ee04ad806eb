using CronHooks.Api.Auth;
using CronHooks.Api.Errors;
using CronHooks.Api.OpenApi;
using CronHooks.Api.Startup;
using CronHooks.Application.Common;
using CronHooks.Application.Common.Ports;
using CronHooks.Infrastructure.Delivery;

namespace CronHooks.Api;

internal static class DependencyInjection
{
    /// <summary>Request-pipeline services: JSON rules, problem responses, bearer auth, the current user, the OpenAPI document.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => CronHooksJson.Configure(options.SerializerOptions));
        // Binding failures (bad JSON, unknown members, wrong types) throw, so they reach the one
        // exception handler and come back as problem details naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<IRequestOrigin, HttpRequestOrigin>();
        services.AddBearerAuthentication();
        services.AddCronHooksOpenApi();
        // Test sends leave from the API, through the delivery engine's SSRF-safe client and request factory.
        services.AddWebhookDelivery();
        // Before the server listens (hosted services start first), so no request meets a cold path.
        services.AddHostedService<ColdStartWarmUp>();
        return services;
    }
}
