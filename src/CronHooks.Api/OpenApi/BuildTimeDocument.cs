using System.Reflection;
using Microsoft.Extensions.Options;

namespace CronHooks.Api.OpenApi;

/// <summary>
/// The build writes the OpenAPI document by running this app inside a tool process (GetDocument.Insider).
/// The whole Program runs there, including start-up, so anything that would reach a database or needs
/// secrets must be skipped or given a placeholder: a build must work on a clean clone, offline.
/// </summary>
internal static class BuildTimeDocument
{
    public static bool IsGenerating { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// Settings that let the app start without configuration. Nothing connects with them: no hosted
    /// service runs (see <see cref="WithoutStartupWork"/>) and no request is served.
    /// </summary>
    public static void AddPlaceholderSettings(IConfigurationBuilder configuration) =>
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Loopback port 1: should anything still try to connect, it fails at once and sends nothing out.
            ["ConnectionStrings:CronHooks"] = "Host=127.0.0.1;Port=1;Database=openapi_document_generation",
            ["Jwt:SigningKey"] = "placeholder-key-for-openapi-document-generation-only",
        });

    /// <summary>
    /// Drops CronHooks' own hosted services (the schema gate, which reads the migrations table, and any
    /// later background work) and the start-up validation of options, so a setting added later with
    /// ValidateOnStart does not need a placeholder here. The framework's hosted services stay: the tool
    /// needs them to start the host.
    /// </summary>
    public static void WithoutStartupWork(IServiceCollection services)
    {
        var skipped = services
            .Where(d => d.ServiceType == typeof(IStartupValidator)
                || (d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("CronHooks.", StringComparison.Ordinal) == true))
            .ToList();
        foreach (var descriptor in skipped)
            services.Remove(descriptor);
    }
}
