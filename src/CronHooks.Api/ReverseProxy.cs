using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CronHooks.Api;

/// <summary>
/// Which reverse proxies may tell the API the client's address (section <c>ReverseProxy</c>). Without any,
/// forwarded headers are ignored: trusting them from anyone would let every client pick its own address
/// and so its own rate-limit bucket.
/// </summary>
internal sealed class ReverseProxyOptions : IValidatableObject
{
    public const string Section = "ReverseProxy";

    /// <summary>Addresses of proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed, e.g. <c>10.0.0.7</c>.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation, e.g. the pod network the ingress controller runs in.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>Proxies in a row that may each add an address (the client's is the last one added by a trusted proxy).</summary>
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"ReverseProxy:TrustedProxies contains '{proxy}', which is not an IP address such as 10.0.0.7.", [nameof(TrustedProxies)]);
        foreach (var network in TrustedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"ReverseProxy:TrustedNetworks contains '{network}', which is not a CIDR such as 10.0.0.0/8.", [nameof(TrustedNetworks)]);
        if (ForwardLimit < 1)
            yield return new ValidationResult("ReverseProxy:ForwardLimit must be at least 1.", [nameof(ForwardLimit)]);
    }
}

internal static class ReverseProxy
{
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;
            // The defaults trust loopback; only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.TrustedProxies)
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.Value.TrustedNetworks)
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>First in the pipeline, so logs, rate limits and everything after see the client, not the proxy.</summary>
    public static IApplicationBuilder UseReverseProxySupport(this IApplicationBuilder app)
    {
        // With no known proxy at all the middleware would believe every sender, so then it is left out.
        var proxy = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReverseProxyOptions>>().Value;
        return proxy.TrustedProxies.Count + proxy.TrustedNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }
}

/// <summary>The rate-limit bucket of a client address: IPv4 as is, IPv6 by its /64 (one customer's subnet, in which any address is theirs to use).</summary>
internal static class ClientBucket
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
