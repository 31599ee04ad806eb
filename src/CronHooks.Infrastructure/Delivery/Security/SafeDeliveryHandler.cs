using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// The one HTTP handler deliveries go through. Its connect callback is the SSRF boundary: it resolves
/// the host itself, refuses the connection when any answer is blocked (a mixed answer is how a name is
/// made to point inward), and connects to an address it checked, so no second lookup can rebind the
/// name between check and connect.
/// </summary>
public static class SafeDeliveryHandler
{
    public static SocketsHttpHandler Create(DestinationPolicy policy, IDestinationResolver resolver, DeliveryNetworkOptions options) => new()
    {
        // A proxy would connect on our behalf, to wherever it resolves the name: outside our check.
        UseProxy = false,
        // A redirect is the receiver's answer, recorded as-is; following it would go where the user never said.
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        MaxResponseHeadersLength = options.MaxResponseHeadersKilobytes,
        MaxResponseDrainSize = 64 * 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, policy, resolver, cancellationToken),
    };

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, DestinationPolicy policy, IDestinationResolver resolver, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endPoint.Host, resolver, cancellationToken);
        if (addresses.Length == 0)
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"'{endPoint.Host}' has no addresses.");
        foreach (var address in addresses)
        {
            if (!policy.IsAllowed(address))
                throw new BlockedDestinationException(endPoint.Host, BlockedNetworks.Normalise(address));
        }

        SocketException? lastError = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw lastError!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, IDestinationResolver resolver, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var ip) && literal.Contains(':', StringComparison.Ordinal))
            return [ip];
        // Numeric hosts in any encoding are addresses, never names to look up.
        if (LenientIPv4.TryParse(literal, out var ipv4))
            return [ipv4];
        return await resolver.ResolveAsync(host, cancellationToken);
    }
}

/// <summary>Keeps requests off HTTP/3: QUIC connections do not go through the connect callback, so they would skip the check.</summary>
internal sealed class NoHttp3Handler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Version.Major >= 3 || request.VersionPolicy == HttpVersionPolicy.RequestVersionOrHigher)
        {
            request.Version = request.Version.Major >= 3 ? HttpVersion.Version20 : request.Version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Registration of the delivery boundary.</summary>
public static class SafeDeliveryHandlerExtensions
{
    /// <summary>
    /// Makes this client's primary handler the SSRF-safe <see cref="SocketsHttpHandler"/> and keeps it off HTTP/3.
    /// Attempts refused by the policy throw an <see cref="HttpRequestException"/> that
    /// <see cref="BlockedDestinationException.IsCauseOf"/> recognises.
    /// </summary>
    public static IHttpClientBuilder UseSafeDeliveryHandler(this IHttpClientBuilder builder)
    {
        builder.Services.AddDeliveryDestinationPolicy();
        builder.ConfigurePrimaryHttpMessageHandler(sp => SafeDeliveryHandler.Create(
            sp.GetRequiredService<DestinationPolicy>(),
            sp.GetRequiredService<IDestinationResolver>(),
            sp.GetRequiredService<IOptions<DeliveryNetworkOptions>>().Value));
        builder.AddHttpMessageHandler(() => new NoHttp3Handler());
        return builder;
    }

    /// <summary>The destination policy and its options (validated at start), shared by URL validation and the handler.</summary>
    public static IServiceCollection AddDeliveryDestinationPolicy(this IServiceCollection services)
    {
        services.AddOptions<DeliveryNetworkOptions>().BindConfiguration(DeliveryNetworkOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryNetworkOptions>, DeliveryNetworkOptionsValidator>());
        services.TryAddSingleton(sp => new DestinationPolicy(sp.GetRequiredService<IOptions<DeliveryNetworkOptions>>()));
        services.TryAddSingleton<IDestinationResolver, DnsDestinationResolver>();
        return services;
    }
}
