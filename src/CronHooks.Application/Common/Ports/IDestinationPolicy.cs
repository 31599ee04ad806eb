namespace CronHooks.Application.Common.Ports;

/// <summary>
/// The early, name-level half of the SSRF policy, applied when a webhook's URL is created or changed.
/// The connection-time check in the delivery handler stays the authority: it also catches names that
/// resolve to private addresses.
/// </summary>
public interface IDestinationPolicy
{
    /// <summary>Null when deliveries to <paramref name="url"/> are permitted; otherwise why not, without repeating the URL.</summary>
    string? CheckUrl(string url);
}
