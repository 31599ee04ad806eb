using System.Net;
using CronHooks.Application.Common.Ports;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// Rejects webhook URLs that can only mean an inside target: IP literals in blocked ranges (in every
/// encoding), localhost and *.internal names, other schemes, and credentials in the URL.
/// </summary>
internal sealed class DestinationUrlPolicy(DestinationPolicy policy) : IDestinationPolicy
{
    private const string HowToAllow = "Deliveries to private and reserved networks are blocked; self-hosters can allow networks with Delivery:AllowedNetworks.";

    public string? CheckUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return "url must be an absolute http or https URL.";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return "url must use the http or https scheme.";
        // Credentials belong in a header the API masks, not in a URL that is shown and logged.
        if (uri.UserInfo.Length > 0 || Authority(url).Contains('@', StringComparison.Ordinal))
            return "url must not contain a user name or password; send credentials in a header instead.";

        var address = HostAddress(uri);
        if (address is not null)
            return policy.IsAllowed(address) ? null : $"url points to {BlockedNetworks.Normalise(address)}, a private or reserved address. {HowToAllow}";

        var name = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal))
            return policy.IsAllowed(IPAddress.Loopback) ? null : $"url points to localhost. {HowToAllow}";
        if (name == "internal" || name.EndsWith(".internal", StringComparison.Ordinal))
            return "url points to an .internal name, which is reserved for private networks.";
        return null;
    }

    /// <summary>The text between "//" and the path, where userinfo would sit (also an empty one: <c>http://@host</c>).</summary>
    private static string Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
            return "";
        var rest = url[(start + 2)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The address a host means when it is a literal, in whichever encoding; null for names.</summary>
    private static IPAddress? HostAddress(Uri uri)
    {
        if (uri.HostNameType == UriHostNameType.IPv6)
            return IPAddress.Parse(uri.Host.Trim('[', ']'));
        var host = uri.Host;
        if (uri.HostNameType == UriHostNameType.IPv4 && IPAddress.TryParse(host, out var ipv4))
            return ipv4;
        return LenientIPv4.TryParse(host, out var lenient) ? lenient : null;
    }
}
