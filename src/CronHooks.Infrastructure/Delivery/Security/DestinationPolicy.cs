using System.Net;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// Decides whether a delivery may connect to an address: public addresses yes; the built-in blocked ranges
/// and the operator's <c>Delivery:BlockedNetworks</c> only when <c>Delivery:AllowedNetworks</c> allows them.
/// </summary>
public sealed class DestinationPolicy
{
    private readonly IPNetwork[] allowed;
    private readonly IPNetwork[] blocked;

    public DestinationPolicy(IOptions<DeliveryNetworkOptions> options)
        : this(options.Value.AllowedNetworks.Select(n => IPNetwork.Parse(n)), options.Value.BlockedNetworks.Select(n => IPNetwork.Parse(n)))
    {
    }

    public DestinationPolicy(IEnumerable<IPNetwork> allowedNetworks)
        : this(allowedNetworks, [])
    {
    }

    public DestinationPolicy(IEnumerable<IPNetwork> allowedNetworks, IEnumerable<IPNetwork> blockedNetworks)
    {
        allowed = [.. allowedNetworks];
        blocked = [.. blockedNetworks];
    }

    /// <summary>True when a connection to <paramref name="address"/> is permitted.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var normalised = BlockedNetworks.Normalise(address);
        if (!BlockedNetworks.Contains(normalised) && !IsInConfiguredBlock(normalised))
            return true;
        // An operator allowing 127.0.0.1/32 means the address, whether it arrives as IPv4 or IPv4-mapped IPv6.
        return allowed.Any(n => n.Contains(normalised) || n.Contains(address));
    }

    // NAT64 addresses are judged by the IPv4 address they embed, as the built-in list does.
    private bool IsInConfiguredBlock(IPAddress address) =>
        blocked.Any(n => n.Contains(address))
        || (BlockedNetworks.Nat64.Contains(address) && blocked.Any(n => n.Contains(BlockedNetworks.EmbeddedIPv4(address))));
}
