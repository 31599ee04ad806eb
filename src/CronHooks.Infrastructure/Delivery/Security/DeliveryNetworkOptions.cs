using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>Which otherwise blocked networks deliveries may reach (section <c>Delivery</c>).</summary>
public sealed class DeliveryNetworkOptions
{
    public const string Section = "Delivery";

    /// <summary>CIDRs (e.g. <c>127.0.0.1/32</c>, <c>10.20.0.0/16</c>, <c>::1/128</c>) exempt from the private-network block.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>CIDRs blocked in addition to the built-in list (e.g. a public range of your own services); AllowedNetworks can carve exceptions out of them.</summary>
    public List<string> BlockedNetworks { get; set; } = [];

    /// <summary>
    /// The second switch: outside Development (the name predates that), allowing any private or reserved range is
    /// refused unless this is true, so a development setting copied into a deployment stops the process instead of opening it.
    /// </summary>
    public bool AllowPrivateNetworksInProduction { get; set; }

    /// <summary>Bound on establishing a TCP connection (part of, not in addition to, the webhook's timeout).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Response headers above this size fail the attempt (KiB, as SocketsHttpHandler counts).</summary>
    public int MaxResponseHeadersKilobytes { get; set; } = 64;
}

/// <summary>Stops the process at start on a malformed CIDR, or on a private range allowed outside Development without the second switch.</summary>
// A validator service, unlike the other sections' data annotations: its rule depends on the host's environment.
internal sealed class DeliveryNetworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<DeliveryNetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryNetworkOptions options)
    {
        var failures = new List<string>();
        var networks = new List<IPNetwork>();
        foreach (var text in options.AllowedNetworks)
        {
            if (IPNetwork.TryParse(text, out var network))
                networks.Add(network);
            else
                failures.Add($"Delivery:AllowedNetworks contains '{text}', which is not a CIDR such as 127.0.0.1/32 or 10.0.0.0/8.");
        }

        foreach (var text in options.BlockedNetworks)
        {
            if (!IPNetwork.TryParse(text, out _))
                failures.Add($"Delivery:BlockedNetworks contains '{text}', which is not a CIDR such as 203.0.113.0/24.");
        }

        // Staging, Testing or a misspelt name guard like Production: only Development is trusted to open networks freely.
        var opensPrivate = networks.Where(OverlapsBlocked).ToList();
        if (!environment.IsDevelopment() && opensPrivate.Count > 0 && !options.AllowPrivateNetworksInProduction)
        {
            failures.Add($"Delivery:AllowedNetworks allows private or reserved networks ({string.Join(", ", opensPrivate)}) in the {environment.EnvironmentName} environment. "
                + "Set Delivery:AllowPrivateNetworksInProduction=true as well if that is really intended (needed in every environment but Development).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
            failures.Add("Delivery:ConnectTimeout must be positive.");
        if (options.MaxResponseHeadersKilobytes <= 0)
            failures.Add("Delivery:MaxResponseHeadersKilobytes must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool OverlapsBlocked(IPNetwork allowed) =>
        BlockedNetworks.Contains(allowed.BaseAddress)
        || BlockedNetworks.IPv4.Concat(BlockedNetworks.IPv6).Any(blocked => allowed.Contains(blocked.BaseAddress))
        // Any IPv6 network wider than global unicast space reaches outside it.
        || (allowed.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && allowed.PrefixLength < 3);
}
