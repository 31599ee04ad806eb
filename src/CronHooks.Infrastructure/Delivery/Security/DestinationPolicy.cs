using System.Net;
using Microsoft.Extensions.Options;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>Decides whether a delivery may connect to an address: public addresses yes, blocked ranges only when allowed by configuration.</summary>
public sealed class DestinationPolicy
{
    private readonly IPNetwork[] allowed;

    public DestinationPolicy(IOptions<DeliveryNetworkOptions> options)
        : this(options.Value.AllowedNetworks.Select(n => IPNetwork.Parse(n)))
    {
    }

    public DestinationPolicy(IEnumerable<IPNetwork> allowedNetworks) => allowed = [.. allowedNetworks];

    /// <summary>True when a connection to <paramref name="address"/> is permitted.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var normalised = BlockedNetworks.Normalise(address);
        if (!BlockedNetworks.Contains(normalised))
            return true;
        // An operator allowing 127.0.0.1/32 means the address, whether it arrives as IPv4 or IPv4-mapped IPv6.
        return allowed.Any(n => n.Contains(normalised) || n.Contains(address));
    }
}
