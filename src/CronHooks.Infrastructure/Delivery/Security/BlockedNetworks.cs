using System.Net;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// The address ranges a delivery may never reach unless an operator allows them: private, loopback,
/// link-local (cloud metadata at 169.254.169.254), shared, reserved, documentation and multicast space,
/// and the public-looking addresses clouds use for their own host services.
/// </summary>
public static class BlockedNetworks
{
    public static readonly IReadOnlyList<IPNetwork> IPv4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        // Azure's host address (WireServer: VM agent, DNS, health probes, instance keys) is not in a private range.
        IPNetwork.Parse("168.63.129.16/32"),
        // IBM Cloud's service network (DNS, NTP, mirrors, metadata of classic infrastructure) and private service endpoints.
        IPNetwork.Parse("161.26.0.0/16"),
        IPNetwork.Parse("166.8.0.0/14"),
    ];

    /// <summary>Only global unicast space is reachable over IPv6: loopback, ULA, link-local, multicast and the rest lie outside it.</summary>
    public static readonly IPNetwork GlobalUnicastIPv6 = IPNetwork.Parse("2000::/3");

    /// <summary>Carved out of 2000::/3: IETF protocol assignments (incl. Teredo), documentation, and 6to4 (which embeds any IPv4).</summary>
    public static readonly IReadOnlyList<IPNetwork> IPv6 =
    [
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"),
    ];

    /// <summary>The well-known NAT64 prefix (RFC 6052): the last 32 bits are an IPv4 address, judged as such.</summary>
    public static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>True when <paramref name="address"/> (already normalised to IPv4 when it is IPv4-mapped) is in a blocked range.</summary>
    public static bool Contains(IPAddress address)
    {
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            return IPv4.Any(n => n.Contains(address));

        if (Nat64.Contains(address))
            return Contains(EmbeddedIPv4(address));
        return !GlobalUnicastIPv6.Contains(address) || IPv6.Any(n => n.Contains(address));
    }

    /// <summary>The IPv4 address in the last 32 bits of an IPv6 address.</summary>
    public static IPAddress EmbeddedIPv4(IPAddress ipv6) => new(ipv6.GetAddressBytes().AsSpan(12, 4));

    /// <summary>IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>) is the IPv4 address; everything else is itself, without scope.</summary>
    public static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;
}
