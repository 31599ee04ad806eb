using CronHooks.Application.Common.Auditing;
using CronHooks.Application.Common.Behaviors;
using CronHooks.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace CronHooks.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            // Scoped: handlers take the request's DbContext and current user.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(AuditBehavior<,>)];
        });
        services.AddScoped<AuditScope>();
        // The API replaces it with the request's caller and address; elsewhere changes are the system's.
        services.TryAddScoped<IRequestOrigin, NoRequestOrigin>();
        // Singletons: a validator's constructor builds an expression tree per rule, and building them for every
        // request was a visible share of the API's CPU. They depend only on singletons and read the clock when
        // they validate, not when they are built.
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
