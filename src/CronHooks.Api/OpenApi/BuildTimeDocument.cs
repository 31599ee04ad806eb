using System.Reflection;

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
    /// service runs (see <see cref="WithoutBackgroundWork"/>) and no request is served.
    /// </summary>
    public static void AddPlaceholderSettings(IConfigurationBuilder configuration) =>
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CronHooks"] = "Host=openapi-document-generation.invalid;Database=none",
            ["Jwt:SigningKey"] = "placeholder-key-for-openapi-document-generation-only",
        });

    /// <summary>
    /// Drops CronHooks' own hosted services (the schema gate, which reads the migrations table, and any
    /// later background work); the framework's own stay, the tool needs them to start the host.
    /// </summary>
    public static void WithoutBackgroundWork(IServiceCollection services)
    {
        var ours = services
            .Where(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationType?.Namespace?.StartsWith("CronHooks.", StringComparison.Ordinal) == true)
            .ToList();
        foreach (var descriptor in ours)
            services.Remove(descriptor);
    }
}
