using System.Net.Http.Headers;
using CronHooks.Client;

// In this namespace so that `services.AddCronHooksClient(...)` needs no extra using, like other Add* calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ICronHooksClient"/> with IHttpClientFactory.</summary>
public static class CronHooksServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICronHooksClient"/> as a typed HTTP client for the API at <paramref name="baseUrl"/>
    /// (e.g. <c>https://cronhooks.example.com/</c>), sending <paramref name="apiKeyOrToken"/> (an API key
    /// <c>chk_…</c> or an access token from IssueTokenAsync) as <c>Authorization: Bearer</c>.
    /// Leave it null for the anonymous operations (RegisterAsync, IssueTokenAsync).
    /// </summary>
    /// <returns>The builder, to add handlers such as resilience or logging.</returns>
    public static IHttpClientBuilder AddCronHooksClient(this IServiceCollection services, string baseUrl, string? apiKeyOrToken = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        // Operation paths are relative ("api/v1/webhooks"): a base without its trailing slash would lose its last segment.
        var baseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);

        return services.AddHttpClient<ICronHooksClient, CronHooksClient>(http =>
        {
            http.BaseAddress = baseAddress;
            if (!string.IsNullOrWhiteSpace(apiKeyOrToken))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKeyOrToken);
        });
    }
}
