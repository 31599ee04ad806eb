using System.Net;

namespace CronHooks.Infrastructure.Delivery.Security;

/// <summary>
/// A delivery was refused before connecting because the host is, or resolves to, a blocked address. The
/// message (recorded and shown to the webhook's owner) names the host only: the address it resolved to would
/// map the operator's internal network for whoever controls the DNS name.
/// HttpClient wraps it in an <see cref="HttpRequestException"/>; use <see cref="IsCauseOf"/> to recognise it
/// and record the attempt with error kind <see cref="ErrorKind"/>.
/// </summary>
public sealed class BlockedDestinationException(string host, IPAddress address)
    : Exception($"Delivery to '{host}' was blocked: it is, or resolves to, a private or reserved address. Operators can allow networks with Delivery:AllowedNetworks.")
{
    /// <summary>The error kind an attempt refused by the policy is recorded with.</summary>
    public const string ErrorKind = "blocked_destination";

    public string Host { get; } = host;
    public IPAddress Address { get; } = address;

    /// <summary>True when <paramref name="exception"/> or any exception inside it is a blocked destination.</summary>
    public static bool IsCauseOf(Exception exception) => Find(exception) is not null;

    public static BlockedDestinationException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BlockedDestinationException blocked)
                return blocked;
        }
        return null;
    }
}
