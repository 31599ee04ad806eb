using System.Net;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>Turns a host name into addresses for the delivery connection. Injectable so tests can answer like a hostile DNS server.</summary>
public interface IDestinationResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
internal sealed class DnsDestinationResolver : IDestinationResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
